using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// The intake's hot path: an accepted lead costs two grain calls (the tenant's admission, then the lead's
/// submission), and what the API process or the tenant keeps in memory never outlives a suspension, a revoked key,
/// a rotated-out secret or a newer workflow version.
/// </summary>
public sealed class LeanIntakeTests : IAsyncLifetime
{
    private const string Cooloff = "cooloff";
    private readonly TempFolder _data = new();
    private readonly GrainCallCounter _calls = new();
    private ApiHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ApiHost.Sqlite(_data.Path).WithTestServices(services => services.AddSingleton<IIncomingGrainCallFilter>(_calls));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Webhook_AcceptedLead_TakesTwoGrainCalls()
    {
        using var tenant = await CooloffTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("warm@example.com"), path: CooloffHook(tenant))).StatusCode);

        _calls.Clear();
        var response = await tenant.SendAsync(Body("counted@example.com"), path: CooloffHook(tenant));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["ITenantGrain.AdmitLeadAsync", "ILeadGrain.SubmitAsync"], _calls.CallsFor(tenant.TenantId));
    }

    [Fact]
    public async Task DirectSubmission_AcceptedLead_TakesTwoGrainCalls()
    {
        using var tenant = await CooloffTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Submit(tenant.Client, "warm@example.com")).StatusCode);

        _calls.Clear();
        var response = await Submit(tenant.Client, "counted@example.com");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["ITenantGrain.AdmitLeadAsync", "ILeadGrain.SubmitAsync"], _calls.CallsFor(tenant.TenantId));
    }

    [Fact]
    public async Task Webhook_FirstLeadOfAVersion_LoadsTheVersionOnceThenNeverAgain()
    {
        using var tenant = await CooloffTenantAsync();

        _calls.Clear();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("first@example.com"), path: CooloffHook(tenant))).StatusCode);
        var first = _calls.CallsFor(tenant.TenantId);
        _calls.Clear();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body($"next{i}@example.com"), path: CooloffHook(tenant))).StatusCode);
        }

        Assert.Equal(1, first.Count(c => c == "IWorkflowGrain.GetAsync"));
        Assert.DoesNotContain("IWorkflowGrain.GetAsync", _calls.CallsFor(tenant.TenantId));
        Assert.Equal(6, _calls.CallsFor(tenant.TenantId).Count);
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

    [Fact]
    public async Task DirectSubmission_TenantSuspendedRightAfterUse_Answers403AtOnceAndAcceptsAgainOnResume()
    {
        using var tenant = await CooloffTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Submit(tenant.Client, "before@example.com")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/suspend", null)).StatusCode);
        var suspended = await Submit(tenant.Client, "during@example.com");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/resume", null)).StatusCode);
        var resumed = await Submit(tenant.Client, "after@example.com");

        await ProblemAssert.IsAsync(
            suspended,
            HttpStatusCode.Forbidden,
            "tenant-suspended",
            $"Tenant '{tenant.TenantId}' is suspended; its API and webhooks are refused until an operator resumes it.");
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(2, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Webhook_SecretRotatedOutRightAfterUse_Answers401AtOnce()
    {
        using var tenant = await CooloffTenantAsync();
        var oldest = tenant.Secret;
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("before@example.com"), secret: oldest)).StatusCode);

        await tenant.RotateSecretAsync();
        var stillActive = await tenant.SendAsync(Body("between@example.com"), secret: oldest);
        await tenant.RotateSecretAsync();
        var rotatedOut = await tenant.SendAsync(Body("after@example.com"), secret: oldest);
        var newest = await tenant.SendAsync(Body("newest@example.com"));

        Assert.Equal(HttpStatusCode.Accepted, stillActive.StatusCode);
        await ProblemAssert.IsAsync(rotatedOut, HttpStatusCode.Unauthorized, "unauthorized", "The webhook signature is not valid for this tenant.");
        Assert.Equal(HttpStatusCode.Accepted, newest.StatusCode);
    }

    [Fact]
    public async Task Webhook_WorkflowPublishedRightAfterUse_NextLeadRunsTheNewVersion()
    {
        using var tenant = await CooloffTenantAsync();
        var before = await tenant.SendAsync(Body("before@example.com"), path: CooloffHook(tenant));
        Assert.Equal(1, (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowVersion").GetInt32());

        var definition = CooloffWorkflow();
        definition["input"]!["required"] = new JsonArray("email", "name");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.PutAsJsonAsync($"/v1/workflows/{Cooloff}", definition)).StatusCode);
        var withoutName = await tenant.SendAsync(Body("noname@example.com"), path: CooloffHook(tenant));
        var withName = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"email":"named@example.com","name":"Ada"}"""), path: CooloffHook(tenant));

        await ProblemAssert.IsAsync(withoutName, HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.Accepted, withName.StatusCode);
        Assert.Equal(2, (await withName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowVersion").GetInt32());
    }

    [Fact]
    public async Task Webhook_RefusedAfterAdmission_GivesThePlanReservationBack()
    {
        using var tenant = await CooloffTenantAsync();
        var limits = await tenant.Operator.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 1, concurrentOutboundCalls = 16, ingestPerMinute = 600 });
        Assert.Equal(HttpStatusCode.OK, limits.StatusCode);

        var invalid = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"name":"no email"}"""), path: CooloffHook(tenant));
        var valid = await tenant.SendAsync(Body("valid@example.com"), path: CooloffHook(tenant));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());
    }

    /// <summary>A webhook tenant with a workflow that starts with a long wait, so an accepted lead makes no further call while it is counted.</summary>
    private async Task<WebhookTenant> CooloffTenantAsync()
    {
        var tenant = await WebhookTenant.CreateAsync(_host, "lean");
        var published = await tenant.Client.PutAsJsonAsync($"/v1/workflows/{Cooloff}", CooloffWorkflow());
        Assert.True(published.StatusCode == HttpStatusCode.OK, $"Publishing answered {(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        return tenant;
    }

    private static JsonObject CooloffWorkflow()
    {
        var definition = TestWorkflows.TransformAndStore();
        definition["steps"] = JsonNode.Parse("""[{"id":"cool","kind":"wait","duration":"1h"},{"id":"save","kind":"store"}]""");
        return definition;
    }

    private static string CooloffHook(WebhookTenant tenant) => $"/v1/hooks/{tenant.TenantId}/{Cooloff}";

    private static Task<HttpResponseMessage> Submit(HttpClient client, string email) =>
        client.PostAsync($"/v1/workflows/{Cooloff}/leads", new ByteArrayContent(Body(email)) { Headers = { ContentType = new("application/json") } });

    private static byte[] Body(string email) => Encoding.UTF8.GetBytes($$"""{"email":"{{email}}"}""");
}
