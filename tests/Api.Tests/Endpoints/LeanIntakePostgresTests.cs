using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The intake's two grain calls per accepted lead, and a revoked key refused at once, on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class LeanIntakePostgresTests(PostgresServer server) : IAsyncLifetime
{
    private const string Cooloff = "cooloff";
    private readonly TempFolder _data = new();
    private readonly GrainCallCounter _calls = new();
    private string _connectionString = "";
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("api_lean_intake");
        _host = ApiHost.Postgres(_data.Path, _connectionString).WithTestServices(services => services.AddSingleton<IIncomingGrainCallFilter>(_calls));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    [Fact]
    public async Task WebhookAndDirectSubmission_AcceptedLeads_TakeTwoGrainCallsEach()
    {
        using var tenant = await CooloffTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("warm@example.com"), path: Hook(tenant))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Submit(tenant.Client, "warm-direct@example.com")).StatusCode);

        _calls.Clear();
        var webhook = await tenant.SendAsync(Body("counted@example.com"), path: Hook(tenant));
        var webhookCalls = _calls.CallsFor(tenant.TenantId);
        _calls.Clear();
        var direct = await Submit(tenant.Client, "counted-direct@example.com");

        Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, direct.StatusCode);
        Assert.Equal(["ITenantGrain.AdmitLeadAsync", "ILeadGrain.SubmitAsync"], webhookCalls);
        Assert.Equal(["ITenantGrain.AdmitLeadAsync", "ILeadGrain.SubmitAsync"], _calls.CallsFor(tenant.TenantId));
    }

    [Fact]
    public async Task DirectSubmission_KeyRevokedRightAfterUse_Answers401AtOnce()
    {
        using var tenant = await CooloffTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Submit(tenant.Client, "before@example.com")).StatusCode);

        var revoked = await tenant.Operator.DeleteAsync($"/v1/tenants/{tenant.TenantId}/api-keys/{tenant.Access.KeyId}");
        var after = await Submit(tenant.Client, "after@example.com");

        Assert.True(revoked.IsSuccessStatusCode, $"Revoking answered {(int)revoked.StatusCode}");
        await ProblemAssert.IsAsync(after, HttpStatusCode.Unauthorized, "unauthorized", "The API key is not valid (unknown, revoked or malformed).");
    }

    private async Task<WebhookTenant> CooloffTenantAsync()
    {
        var tenant = await WebhookTenant.CreateAsync(_host, "lean");
        var definition = TestWorkflows.TransformAndStore();
        definition["steps"] = JsonNode.Parse("""[{"id":"cool","kind":"wait","duration":"1h"},{"id":"save","kind":"store"}]""");
        var published = await tenant.Client.PutAsJsonAsync($"/v1/workflows/{Cooloff}", definition);
        Assert.True(published.StatusCode == HttpStatusCode.OK, $"Publishing answered {(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        return tenant;
    }

    private static string Hook(WebhookTenant tenant) => $"/v1/hooks/{tenant.TenantId}/{Cooloff}";

    private static Task<HttpResponseMessage> Submit(HttpClient client, string email) =>
        client.PostAsync($"/v1/workflows/{Cooloff}/leads", new ByteArrayContent(Body(email)) { Headers = { ContentType = new("application/json") } });

    private static byte[] Body(string email) => Encoding.UTF8.GetBytes($$"""{"email":"{{email}}"}""");
}
