using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Operations;

/// <summary><c>GET /v1/cluster/silos</c>: the membership as Orleans' management grain reports it, for operators only.</summary>
public sealed class ClusterApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ApiHost.Sqlite(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task ListSilos_OperatorKey_ListsTheCoHostedSiloAsActive()
    {
        using var client = _host.CreateOperatorClient();

        var silos = await client.GetFromJsonAsync<JsonElement>("/v1/cluster/silos");

        var silo = Assert.Single(silos.GetProperty("items").EnumerateArray());
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.Contains("127.0.0.1:", silo.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(silo.GetProperty("name").GetString()));
        Assert.Equal(Environment.MachineName, silo.GetProperty("hostName").GetString());
        var started = silo.GetProperty("startedAt").GetDateTimeOffset();
        Assert.True(started <= DateTimeOffset.UtcNow && started > DateTimeOffset.UtcNow.AddMinutes(-10), $"started at {started:O}");
    }

    [Fact]
    public async Task ListSilos_TenantKeyOrNone_Answers401()
    {
        var tenant = await _host.CreateTenantAsync("silo-peeker");
        using var asTenant = _host.CreateTenantClient(tenant.ApiKey);
        using var anonymous = _host.CreateClient();

        await ProblemAssert.IsAsync(await asTenant.GetAsync("/v1/cluster/silos"), HttpStatusCode.Unauthorized, "unauthorized", "The operator key is not valid.");
        await ProblemAssert.IsAsync(await anonymous.GetAsync("/v1/cluster/silos"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
