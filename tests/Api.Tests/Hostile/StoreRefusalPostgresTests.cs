using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansFlows.Api.Problems;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Storage;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// A value PostgreSQL itself refuses (SQLSTATE class 22) is the request's fault, never "the database can't be reached";
/// a store that can't be reached still is. Real errors from a real server, through the product's exception handler.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class StoreRefusalPostgresTests(PostgresServer server) : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("api_store_refusal");
        _host = ApiHost.Postgres(_data.Path, _connectionString);
        _ = _host.Services;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    [Fact]
    public async Task DataException_WrappedAsTheStoreWrapsIt_Is400WithoutRetryAfter()
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT convert_from('\\x6100'::bytea, 'UTF8')", connection);
            await command.ExecuteScalarAsync();
        });
        Assert.StartsWith("22", refused.SqlState, StringComparison.Ordinal);

        var http = await HandleAsync(new StorageUnavailableException("Writing state failed", isTransient: false, refused));

        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
        Assert.Contains("urn:orleansflows:problem:bad-request", Body(http), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableStore_Is503WithRetryAfter()
    {
        var unreachable = await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={TestKit.LoopbackPorts.Free()};Username=x;Password=x;Timeout=2");
            await connection.OpenAsync();
        });

        var http = await HandleAsync(new StorageUnavailableException("Reading state failed", isTransient: true, unreachable));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.True(http.Response.Headers.ContainsKey("Retry-After"));
    }

    private async Task<DefaultHttpContext> HandleAsync(Exception exception)
    {
        var http = new DefaultHttpContext { RequestServices = _host.Services };
        http.Request.Method = "PUT";
        http.Request.Path = "/v1/tenants/acme";
        http.Response.Body = new MemoryStream();
        var handled = await _host.Services.GetRequiredService<ProblemExceptionHandler>().TryHandleAsync(http, exception, CancellationToken.None);
        Assert.True(handled);
        return http;
    }

    private static string Body(HttpContext http) => System.Text.Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
}
