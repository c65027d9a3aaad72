using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// One host with tenants A and B. A owns a connection, a published workflow, a webhook secret, a completed lead
/// with a stored record, a reconciliation run and a bulk retry; B owns only a webhook secret. The tests only read A's things.
/// </summary>
public sealed class TwoTenants : IAsyncLifetime
{
    public const string Connection = "crm";
    public const string Workflow = "intake";
    public const string IdempotencyKey = "order-1";

    private readonly TempFolder _data = new();

    public ApiHost Host { get; private set; } = null!;

    public TenantAccess A { get; private set; } = null!;

    public TenantAccess B { get; private set; } = null!;

    /// <summary>A's lead, completed, with a stored record.</summary>
    public string LeadId { get; private set; } = "";

    /// <summary>An email only A's lead carries, to spot A's data in any answer.</summary>
    public string Marker { get; } = $"only-a-{Guid.NewGuid():N}@a.example";

    /// <summary>A's reconciliation run of its lead's date.</summary>
    public string RunId { get; private set; } = "";

    /// <summary>A's bulk retry of its workflow's failed leads (it matched none).</summary>
    public string OperationId { get; private set; } = "";

    /// <summary>A's retention run, started through the API.</summary>
    public string RetentionRunId { get; private set; } = "";

    /// <summary>A's finished export.</summary>
    public string ExportId { get; private set; } = "";

    /// <summary>A's erasure of an email no one has (it erased nothing).</summary>
    public string ErasureId { get; private set; } = "";

    public string ASecret { get; private set; } = "";

    public string BSecret { get; private set; } = "";

    public string ASecretId { get; private set; } = "";

    public string BSecretId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host = ApiHost.Sqlite(_data.Path);
        A = await Host.CreateTenantAsync("a-" + Guid.NewGuid().ToString("N")[..10]);
        B = await Host.CreateTenantAsync("b-" + Guid.NewGuid().ToString("N")[..10]);

        using var a = Host.CreateTenantClient(A.ApiKey);
        await ReadAsync(a.PutAsJsonAsync($"/v1/connections/{Connection}", new { kind = "http", baseUrl = "https://203.0.113.10/api", headers = new Dictionary<string, string> { ["X-Api-Key"] = "secret-of-a" } }), HttpStatusCode.OK);
        await ReadAsync(a.PutAsJsonAsync($"/v1/workflows/{Workflow}", TestWorkflows.TransformAndStore()), HttpStatusCode.OK);
        var aSecret = await ReadAsync(a.PostAsync("/v1/webhook-secrets", null), HttpStatusCode.Created);
        (ASecret, ASecretId) = (aSecret.GetProperty("secret").GetString()!, aSecret.GetProperty("secretId").GetString()!);
        using (var b = Host.CreateTenantClient(B.ApiKey))
        {
            var bSecret = await ReadAsync(b.PostAsync("/v1/webhook-secrets", null), HttpStatusCode.Created);
            (BSecret, BSecretId) = (bSecret.GetProperty("secret").GetString()!, bSecret.GetProperty("secretId").GetString()!);
        }

        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/v1/workflows/{Workflow}/leads") { Content = JsonContent.Create(new { email = Marker, name = "Alice" }) };
        submit.Headers.Add("Idempotency-Key", IdempotencyKey);
        LeadId = (await ReadAsync(a.SendAsync(submit), HttpStatusCode.Accepted)).GetProperty("leadId").GetString()!;
        await a.WaitForStatusAsync(LeadId, "completed");
        await ReadAsync(a.PutAsJsonAsync("/v1/reconciliation/schedule", new { dailyAt = "02:00", timeZone = "UTC" }), HttpStatusCode.OK);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        RunId = (await ReadAsync(a.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = today }), HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        OperationId = (await ReadAsync(a.PostAsJsonAsync($"/v1/workflows/{Workflow}/leads/retry", new { }), HttpStatusCode.OK)).GetProperty("operationId").GetString()!;
        RetentionRunId = (await ReadAsync(a.PostAsync("/v1/retention/runs", null), HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
        ExportId = (await ReadAsync(a.PostAsync("/v1/exports", null), HttpStatusCode.Accepted)).GetProperty("exportId").GetString()!;
        ErasureId = (await ReadAsync(a.PostAsJsonAsync("/v1/erasures", new { email = "nobody@a.example" }), HttpStatusCode.OK)).GetProperty("erasureId").GetString()!;
        // An entry of A's own audit trail quoting A's data, as a rejected queue message's would.
        await Host.Services.GetRequiredService<TenantAuditTrail>().AddAsync(
            TenantId.Parse(A.TenantId),
            TenantAuditEvents.QueueMessageRejected,
            Workflow,
            new Dictionary<string, string?> { ["queue"] = "orders", ["messageId"] = Marker, ["reason"] = $"The body of {Marker} is not JSON." },
            CancellationToken.None);
        for (var tries = 0; (await ReadAsync(a.GetAsync($"/v1/exports/{ExportId}"), HttpStatusCode.OK)).GetProperty("status").GetString() != "done"; tries++)
        {
            Assert.True(tries < 300, $"A's export {ExportId} did not finish");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }

    private static async Task<JsonElement> ReadAsync(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Set-up call {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
