using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Tests.Offboarding;

/// <summary>
/// Offboarding end to end through the operator API, a real silo and a real store, with a grace period of seconds: a
/// tenant with data of every kind is suspended, restored by a cancel, offboarded again and, once the grace period is
/// over, found nowhere in the database or the data folder, while a second tenant keeps everything. Run on SQLite and
/// PostgreSQL by the subclasses.
/// </summary>
public abstract class OffboardingApiContract : IAsyncLifetime
{
    /// <summary>The grace period of the tests' hosts.</summary>
    protected static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(6);

    private const int BulkLeads = 1_000;
    private const string ConnectionSecret = "hdr-secret-5be0c7a1";

    private ApiHost _host = null!;

    /// <summary>The settings every host of these tests runs with: a short grace period and small batches.</summary>
    protected static IReadOnlyDictionary<string, string?> Settings(TimeSpan gracePeriod) => new Dictionary<string, string?>
    {
        ["OrleansFlows:Offboarding:GracePeriod"] = gracePeriod.ToString(),
        ["OrleansFlows:Offboarding:ReminderRetryPeriod"] = "00:00:02",
        ["OrleansFlows:Offboarding:BatchSize"] = "100",
        ["OrleansFlows:Silo:MinimumReminderPeriod"] = "00:00:01",
    };

    public async Task InitializeAsync() => _host = await CreateHostAsync(GracePeriod);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await DisposeStoreAsync();
    }

    /// <summary>The hosts' data folder, where export zips are written.</summary>
    protected abstract string DataDirectory { get; }

    /// <summary>A host on the test's store; a second call gives a new host (a restarted silo) on the same store.</summary>
    protected abstract Task<ApiHost> CreateHostAsync(TimeSpan gracePeriod);

    protected abstract Task DisposeStoreAsync();

    /// <summary>Every column of the database holding <paramref name="text"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> SweepAsync(string text);

    [Fact]
    public async Task Offboard_TenantWithDataOfEveryKind_CancelKeepsAllThenDeletionLeavesNothing()
    {
        var a = await FullTenantAsync("offa");
        var b = await FullTenantAsync("offb");
        using var operatorClient = _host.CreateOperatorClient();
        Assert.Contains(await SweepAsync(a.Id), hit => hit.StartsWith("grain_state", StringComparison.Ordinal) || hit.StartsWith("public.grain_state", StringComparison.Ordinal));
        var before = await SweepAsync(a.Id);
        Assert.True(before.Count >= 10, $"the sweep finds the tenant in only {before.Count} columns: {string.Join("; ", before)}");

        // Offboarding suspends at once and names the time of the deletion.
        var requested = DateTimeOffset.UtcNow;
        var offboard = await operatorClient.DeleteAsync($"/v1/tenants/{a.Id}");
        Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);
        Assert.Equal($"/v1/tenants/{a.Id}", offboard.Headers.Location?.ToString());
        var scheduled = (await offboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduledFor").GetDateTimeOffset();
        Assert.InRange(scheduled, requested + GracePeriod - TimeSpan.FromSeconds(2), DateTimeOffset.UtcNow + GracePeriod);
        var shown = await operatorClient.GetFromJsonAsync<JsonElement>($"/v1/tenants/{a.Id}");
        Assert.True(shown.GetProperty("suspended").GetBoolean());
        Assert.Equal(scheduled, shown.GetProperty("offboarding").GetProperty("scheduledFor").GetDateTimeOffset());
        await ProblemAssert.IsAsync(await a.Client.GetAsync("/v1/workflows"), HttpStatusCode.Forbidden, "tenant-suspended");
        await ProblemAssert.IsAsync(await a.Webhook.SendAsync(Body("late@example.com")), HttpStatusCode.Forbidden, "tenant-suspended");

        // Cancelled, the tenant is as it was, past the time its deletion would have run.
        var cancelled = await operatorClient.DeleteAsync($"/v1/tenants/{a.Id}/offboarding");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var restored = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(restored.GetProperty("suspended").GetBoolean());
        Assert.False(restored.TryGetProperty("offboarding", out var left) && left.ValueKind != JsonValueKind.Null, restored.ToString());
        await ProblemAssert.IsAsync(await operatorClient.DeleteAsync($"/v1/tenants/{a.Id}/offboarding"), HttpStatusCode.Conflict, "conflict", $"Tenant '{a.Id}' is not being offboarded.");
        await Task.Delay(scheduled - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/v1/leads/{a.CompletedLead}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/v1/exports/{a.ExportId}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await a.Webhook.SendAsync(Body("again@example.com"))).StatusCode);
        Assert.Equal(before.Count, (await SweepAsync(a.Id)).Count);

        // Offboarded again and past its grace period, nothing of it is left.
        Assert.Equal(HttpStatusCode.Accepted, (await operatorClient.DeleteAsync($"/v1/tenants/{a.Id}")).StatusCode);
        await WaitUntilGoneAsync(operatorClient, a.Id);
        var hits = await WaitForNoHitsAsync(a.Id);
        Assert.True(hits.Count == 0, $"the tenant id is still in: {string.Join("; ", hits)}");
        Assert.False(Directory.Exists(Path.Combine(DataDirectory, "exports", a.Id)), "the tenant's export folder is gone");

        // The id answers 404 everywhere, as one never created does (401 for its old keys and webhook signatures).
        await ProblemAssert.IsAsync(await operatorClient.GetAsync($"/v1/tenants/{a.Id}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await operatorClient.GetAsync($"/v1/tenants/{a.Id}/api-keys"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await operatorClient.DeleteAsync($"/v1/tenants/{a.Id}"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await a.Client.GetAsync("/v1/workflows")).StatusCode);
        var neverCreated = await a.Webhook.SendAsync(Body("gone@example.com"), path: $"/v1/hooks/never-{Guid.NewGuid():N}/signup");
        Assert.Equal(neverCreated.StatusCode, (await a.Webhook.SendAsync(Body("gone@example.com"))).StatusCode);
        var list = await operatorClient.GetFromJsonAsync<JsonElement>("/v1/tenants?limit=100");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == a.Id);

        // The other tenant keeps everything.
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync($"/v1/leads/{b.CompletedLead}")).StatusCode);
        Assert.Equal("waiting", (await b.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{b.WaitingLead}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync($"/v1/exports/{b.ExportId}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync("/v1/reconciliation/schedule")).StatusCode);
        Assert.Equal(3, (await b.Client.GetFromJsonAsync<JsonElement>("/v1/retention")).GetProperty("completedLeadDays").GetInt32());
        Assert.Equal(before.Count, (await SweepAsync(b.Id)).Count);
        Assert.Equal(BulkLeads + 2, await CountAsync("leads", b.Id));

        // The id can be created again, and starts empty.
        var fresh = await _host.CreateTenantAsync(a.Id);
        using var freshClient = _host.CreateTenantClient(fresh.ApiKey);
        Assert.Equal(0, (await freshClient.GetFromJsonAsync<JsonElement>("/v1/workflows")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await freshClient.GetFromJsonAsync<JsonElement>("/v1/leads")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, await CountAsync("leads", a.Id));
    }

    [Fact]
    public async Task SuspendAndResume_DuringGrace_TenantStaysSuspendedAndCancelRestoresTheLastAsked()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "offs");
        var first = await tenant.Operator.DeleteAsync($"/v1/tenants/{tenant.TenantId}");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var again = await tenant.Operator.DeleteAsync($"/v1/tenants/{tenant.TenantId}");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduledFor").GetDateTimeOffset(),
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduledFor").GetDateTimeOffset());
        await ProblemAssert.IsAsync(await tenant.Operator.DeleteAsync("/v1/tenants/never-created"), HttpStatusCode.NotFound, "not-found", "Tenant 'never-created' does not exist.");
        await ProblemAssert.IsAsync(
            await tenant.Operator.DeleteAsync("/v1/tenants/never-created/offboarding"), HttpStatusCode.NotFound, "not-found", "Tenant 'never-created' does not exist.");

        var resumed = await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/resume", null);
        Assert.True((await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suspended").GetBoolean());
        await ProblemAssert.IsAsync(await tenant.SendAsync(Body("a@example.com")), HttpStatusCode.Forbidden, "tenant-suspended");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/suspend", null)).StatusCode);
        await ProblemAssert.IsAsync(await tenant.SendAsync(Body("b@example.com")), HttpStatusCode.Forbidden, "tenant-suspended");

        var cancelled = await (await tenant.Operator.DeleteAsync($"/v1/tenants/{tenant.TenantId}/offboarding")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(cancelled.GetProperty("suspended").GetBoolean());
        await ProblemAssert.IsAsync(await tenant.SendAsync(Body("c@example.com")), HttpStatusCode.Forbidden, "tenant-suspended");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("d@example.com"))).StatusCode);
    }

    [Fact]
    public async Task Offboard_SiloRestartsDuringGrace_DeletionStillRunsOnTime()
    {
        // Long enough a grace period for the silo to stop and start again inside it.
        var gracePeriod = TimeSpan.FromSeconds(30);
        await _host.DisposeAsync();
        _host = await CreateHostAsync(gracePeriod);
        var tenant = await FullTenantAsync("offr", bulkLeads: false);
        DateTimeOffset scheduled;
        using (var operatorClient = _host.CreateOperatorClient())
        {
            var offboard = await operatorClient.DeleteAsync($"/v1/tenants/{tenant.Id}");
            scheduled = (await offboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduledFor").GetDateTimeOffset();
        }

        await _host.DisposeAsync();
        _host = await CreateHostAsync(gracePeriod);
        using var restarted = _host.CreateOperatorClient();
        var during = await restarted.GetFromJsonAsync<JsonElement>($"/v1/tenants/{tenant.Id}");
        Assert.Equal(scheduled, during.GetProperty("offboarding").GetProperty("scheduledFor").GetDateTimeOffset());

        await WaitUntilGoneAsync(restarted, tenant.Id, gracePeriod);
        Assert.True(DateTimeOffset.UtcNow >= scheduled, "the deletion ran no earlier than scheduled");
        var hits = await WaitForNoHitsAsync(tenant.Id);
        Assert.True(hits.Count == 0, $"the tenant id is still in: {string.Join("; ", hits)}");
    }

    [Fact]
    public async Task Offboard_DeletionFailsHalfWay_NextReminderTickFinishesIt()
    {
        var tenant = await FullTenantAsync("offh");
        using var operatorClient = _host.CreateOperatorClient();
        await BlockDeletesAsync("usage_daily");
        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await operatorClient.DeleteAsync($"/v1/tenants/{tenant.Id}")).StatusCode);

            // The leads went, batch by batch, before the failing table stopped the deletion; the tenant is still there.
            var deadline = DateTimeOffset.UtcNow + GracePeriod + TimeSpan.FromSeconds(60);
            while (await CountAsync("leads", tenant.Id) > 0 || await CountAsync("step_attempts", tenant.Id) > 0)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "the deletion did not start");
                await Task.Delay(250);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.True(await CountAsync("usage_daily", tenant.Id) > 0);
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/v1/tenants/{tenant.Id}")).StatusCode);
        }
        finally
        {
            await UnblockDeletesAsync("usage_daily");
        }

        await WaitUntilGoneAsync(operatorClient, tenant.Id);
        var hits = await WaitForNoHitsAsync(tenant.Id);
        Assert.True(hits.Count == 0, $"the tenant id is still in: {string.Join("; ", hits)}");
    }

    /// <summary>Makes every delete from <paramref name="table"/> fail, as a store failing part way through a deletion.</summary>
    protected abstract Task BlockDeletesAsync(string table);

    protected abstract Task UnblockDeletesAsync(string table);

    private static byte[] Body(string email) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { email }));

    private static async Task WaitUntilGoneAsync(HttpClient operatorClient, string tenantId, TimeSpan? gracePeriod = null)
    {
        var deadline = DateTimeOffset.UtcNow + (gracePeriod ?? GracePeriod) + TimeSpan.FromSeconds(60);
        while ((await operatorClient.GetAsync($"/v1/tenants/{tenantId}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"tenant {tenantId} still exists");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// The tenant row goes last but for the offboarding's own reminder, which is unregistered once the deletion has
    /// returned: the sweep waits for that, briefly.
    /// </summary>
    private async Task<IReadOnlyList<string>> WaitForNoHitsAsync(string tenantId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var hits = await SweepAsync(tenantId);
            if (hits.Count == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return hits;
            }

            await Task.Delay(250);
        }
    }

    private async Task<long> CountAsync(string table, string tenantId)
    {
        var rows = await _host.Services.GetRequiredService<IProjectionStore>().QueryAsync(
            $"SELECT COUNT(*) FROM {table} WHERE tenant_id = @tenant",
            new Dictionary<string, object?> { ["tenant"] = tenantId },
            row => row.GetInt64(0),
            tenantId,
            CancellationToken.None);
        return rows[0];
    }

    /// <summary>
    /// A tenant with data of every kind: workflows, completed and waiting leads with a stored record, a connection with
    /// a secret header, a webhook secret, two API keys, a reconciliation schedule, retention settings, a done export,
    /// and (unless turned off) 1,000 more leads with attempts and audit rows put straight into the store.
    /// </summary>
    private async Task<FullTenant> FullTenantAsync(string prefix, bool bulkLeads = true)
    {
        var webhook = await WebhookTenant.CreateAsync(_host, prefix);
        var client = webhook.Client;
        var wait = new JsonObject
        {
            ["input"] = JsonNode.Parse("""{"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}"""),
            ["steps"] = JsonNode.Parse("""[{"id":"cool","kind":"wait","duration":"30d"},{"id":"save","kind":"store"}]"""),
        };
        var published = await client.PutAsJsonAsync("/v1/workflows/nurture", wait);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
        var connection = await client.PutAsJsonAsync(
            "/v1/connections/crm", new { kind = "http", baseUrl = "https://crm.example.com/", headers = new Dictionary<string, string> { ["X-Api-Key"] = ConnectionSecret } });
        Assert.True(connection.IsSuccessStatusCode, await connection.Content.ReadAsStringAsync());
        var schedule = await client.PutAsJsonAsync("/v1/reconciliation/schedule", new { dailyAt = "02:30", timeZone = "Europe/Berlin", connection = "crm" });
        Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/retention", new { completedLeadDays = 3, recordDays = 365 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await webhook.Operator.PostAsync($"/v1/tenants/{webhook.TenantId}/api-keys", null)).StatusCode);

        var completed = await SubmitAsync(client, "signup", new { email = "ann@example.com" });
        await client.WaitForStatusAsync(completed, "completed");
        var waiting = await SubmitAsync(client, "nurture", new { email = "wes@example.com" });
        await client.WaitForStatusAsync(waiting, "waiting");
        var exportId = (await (await client.PostAsync("/v1/exports", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
        await WaitForExportAsync(client, exportId);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "exports", webhook.TenantId, exportId + ".zip")));
        if (bulkLeads)
        {
            await InsertBulkRowsAsync(webhook.TenantId);
        }

        return new FullTenant(webhook.TenantId, client, webhook, completed, waiting, exportId);
    }

    private static async Task<string> SubmitAsync(HttpClient client, string workflow, object body)
    {
        var response = await client.PostAsJsonAsync($"/v1/workflows/{workflow}/leads", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
    }

    private static async Task WaitForExportAsync(HttpClient client, string exportId)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while ((await client.GetFromJsonAsync<JsonElement>($"/v1/exports/{exportId}")).GetProperty("status").GetString() != "done")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"export {exportId} is not done");
            await Task.Delay(200);
        }
    }

    /// <summary>Puts leads with one attempt and one audit row each straight into the tables, so the deletion takes many batches.</summary>
    private async Task InsertBulkRowsAsync(string tenantId)
    {
        var store = _host.Services.GetRequiredService<IProjectionStore>();
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenantId, ["at"] = DateTimeOffset.UtcNow.AddDays(-1), ["count"] = BulkLeads };
        const string Numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count) ";
        await store.ExecuteAsync(
            Numbers + """
            INSERT INTO leads (tenant_id, lead_id, workflow, workflow_version, status, accepted_at, updated_at, business_date, email, email_key)
            SELECT @tenant, 'bulk-' || CAST(i AS TEXT), 'signup', 1, 'completed', @at, @at, '2026-11-01', 'p' || CAST(i AS TEXT) || '@example.com', 'p' || CAST(i AS TEXT) || '@example.com' FROM n
            """,
            parameters,
            tenantId,
            CancellationToken.None);
        await store.ExecuteAsync(
            Numbers + """
            INSERT INTO step_attempts (tenant_id, lead_id, step_id, attempt, kind, started_at, finished_at, outcome)
            SELECT @tenant, 'bulk-' || CAST(i AS TEXT), 'tier', 1, 'transform', @at, @at, 'succeeded' FROM n
            """,
            parameters,
            tenantId,
            CancellationToken.None);
        await store.ExecuteAsync(
            Numbers + """
            INSERT INTO audit_events (tenant_id, lead_id, sequence, at, event, detail)
            SELECT @tenant, 'bulk-' || CAST(i AS TEXT), 1, @at, 'accepted', 'lead accepted' FROM n
            """,
            parameters,
            tenantId,
            CancellationToken.None);
    }

    private sealed record FullTenant(string Id, HttpClient Client, WebhookTenant Webhook, string CompletedLead, string WaitingLead, string ExportId);
}
