using System.Net;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.OpenApi;

/// <summary>One running host and the OpenAPI document it serves, shared by the tests of a class (they only read).</summary>
public sealed class ServedOpenApiDocument : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public ApiHost Host { get; private set; } = null!;

    /// <summary>The document as served at <c>/openapi/v1.json</c>.</summary>
    public string Json { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host = ApiHost.Sqlite(_data.Path);
        using var client = Host.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Json = await response.Content.ReadAsStringAsync();
        if (Environment.GetEnvironmentVariable("ORLEANSFLOWS_OPENAPI_OUT") is { Length: > 0 } copy)
        {
            await File.WriteAllTextAsync(copy, Json);
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }
}
