using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// <c>POST /v1/connections/{name}/test</c> against real servers on 127.0.0.1: the request goes out through the outbound
/// HTTP client with the connection's headers, and the answer reports it without any secret.
/// </summary>
public sealed class ConnectionTestApiTests : IAsyncLifetime
{
    private const string Secret = "s3cret-header-value";
    private readonly TempFolder _data = new();
    private readonly ConcurrentQueue<(string Method, string Path, string? Key)> _seen = new();
    private int _status = StatusCodes.Status200OK;
    private LoopbackWebHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await LoopbackWebHost.StartNewAsync(async (context, _) =>
        {
            _seen.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers["X-Api-Key"].FirstOrDefault()));
            context.Response.StatusCode = Volatile.Read(ref _status);
            await context.Response.WriteAsync("{\"hello\":true}");
        });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Test_ServerAnswers200_OkWithStatusAndTheHeadersSentButNeverShown()
    {
        // The test host runs as Development, whose settings allow private networks such as this server's 127.0.0.1.
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = await TenantWithConnectionAsync(host, "conn-ok");

        var response = await client.PostAsync("/v1/connections/crm/test", null);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.True(result.GetProperty("durationMs").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Equal(("GET", "/api", Secret), Assert.Single(_seen));
    }

    [Fact]
    public async Task Test_ServerAnswers503_NotOkWithTheStatus()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = await TenantWithConnectionAsync(host, "conn-503");
        _status = StatusCodes.Status503ServiceUnavailable;

        var result = await client.PostAsync("/v1/connections/crm/test", null).ContinueWith(t => t.Result.Content.ReadFromJsonAsync<JsonElement>()).Unwrap();

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(503, result.GetProperty("status").GetInt32());
        Assert.Equal("127.0.0.1 answered HTTP 503.", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Test_NothingListensOnThePort_NotOkWithoutStatusAndSaysWhy()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        var tenant = await host.CreateTenantAsync("conn-refused");
        using var client = host.CreateTenantClient(tenant.ApiKey);
        var port = LoopbackPorts.Free();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/connections/crm", new { kind = "http", baseUrl = $"http://127.0.0.1:{port}/" })).StatusCode);

        var result = await (await client.PostAsync("/v1/connections/crm/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("status").ValueKind);
        Assert.Equal($"The connection to 127.0.0.1:{port} was refused: nothing accepts connections on that port.", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Test_SlackConnection_SendsGetToTheSecretWebhookUrlWithoutShowingIt()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        var tenant = await host.CreateTenantAsync("conn-slack");
        using var client = host.CreateTenantClient(tenant.ApiKey);
        var webhook = new Uri(_server.BaseAddress, "services/T000/B000/secretpathtoken");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/connections/chat", new { kind = "slack", webhookUrl = webhook.ToString() })).StatusCode);
        _status = StatusCodes.Status400BadRequest;

        var response = await client.PostAsync("/v1/connections/chat/test", null);

        var body = await response.Content.ReadAsStringAsync();
        var result = JsonDocument.Parse(body).RootElement;
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(400, result.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secretpathtoken", body, StringComparison.Ordinal);
        Assert.Equal(("GET", "/services/T000/B000/secretpathtoken", null), Assert.Single(_seen));
    }

    [Fact]
    public async Task Test_UnknownConnection_Answers404()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        var tenant = await host.CreateTenantAsync("conn-none");
        using var client = host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PostAsync("/v1/connections/nothere/test", null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found", "Connection 'nothere' does not exist.");
    }

    [Fact]
    public async Task Test_LoopbackAddressWithPrivateNetworksRefused_NotOkAndNothingIsSent()
    {
        string apiKey;
        await using (var allowing = ApiHost.Sqlite(_data.Path))
        {
            using var setUp = await TenantWithConnectionAsync(allowing, "conn-private");
            apiKey = setUp.DefaultRequestHeaders.Authorization!.Parameter!;
        }

        // The same data under production's default: the connection's address is checked again when the test connects.
        await using var host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "false" });
        using var client = host.CreateTenantClient(apiKey);

        var result = await (await client.PostAsync("/v1/connections/crm/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("status").ValueKind);
        var error = result.GetProperty("error").GetString();
        Assert.Contains("127.0.0.1", error, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", error, StringComparison.Ordinal);
        Assert.Empty(_seen);
    }

    private async Task<HttpClient> TenantWithConnectionAsync(ApiHost host, string tenantId)
    {
        var tenant = await host.CreateTenantAsync(tenantId);
        var client = host.CreateTenantClient(tenant.ApiKey);
        var put = await client.PutAsJsonAsync("/v1/connections/crm", new { kind = "http", baseUrl = new Uri(_server.BaseAddress, "api").ToString(), headers = new Dictionary<string, string> { ["X-Api-Key"] = Secret } });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return client;
    }
}
