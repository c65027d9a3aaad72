using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Tests.Exports;

/// <summary>
/// Exports end to end through the API, a real silo and a real store: a tenant with a real lead and 100,000 more rows
/// per lead table put straight into the store, its export's state and zip, the memory the export holds while it runs,
/// and tenant isolation. Run on SQLite and PostgreSQL by the subclasses.
/// </summary>
public abstract class ExportsApiContract : IAsyncLifetime
{
    private const int BulkLeads = 100_000;
    private const string ConnectionSecret = "hdr-secret-0d5e1c9b";

    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await CreateHostAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await DisposeStoreAsync();
    }

    /// <summary>The host's data folder, where export zips are written.</summary>
    protected abstract string DataDirectory { get; }

    protected abstract Task<ApiHost> CreateHostAsync();

    protected abstract Task DisposeStoreAsync();

    [Fact]
    public async Task Export_TenantWith100000Leads_ZipHoldsEveryRowAndMemoryStaysBounded()
    {
        var (client, tenantId, keyId) = await TenantAsync("export-a");
        var lead = await SubmitAsync(client, "ann@example.com");
        await client.WaitForStatusAsync(lead, "completed");
        await InsertBulkRowsAsync(tenantId);
        var (other, _, _) = await TenantAsync("export-b");
        await SubmitAsync(other, "bob@example.com");

        using var sampler = new LiveMemorySampler();
        var started = await client.PostAsync("/v1/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var export = await started.Content.ReadFromJsonAsync<JsonElement>();
        var exportId = export.GetProperty("exportId").GetString()!;
        Assert.Equal($"/v1/exports/{exportId}", started.Headers.Location?.ToString());
        Assert.Equal(keyId, export.GetProperty("requestedBy").GetString());
        var done = await WaitForDoneAsync(client, exportId);
        var peakGrowth = sampler.Stop();

        using var download = await client.GetAsync($"/v1/exports/{exportId}/download", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var zipPath = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(zipPath))
            {
                await download.Content.CopyToAsync(file);
            }

            using var zip = ZipFile.OpenRead(zipPath);
            var lines = zip.Entries.ToDictionary(e => e.Name, CountLines);
            var uncompressed = zip.Entries.Sum(e => e.Length);

            Assert.Equal(BulkLeads + 1, lines["leads.ndjson"]);
            Assert.Equal(BulkLeads + 2, lines["attempts.ndjson"]);
            Assert.True(lines["audit.ndjson"] > BulkLeads, $"audit.ndjson has {lines["audit.ndjson"]} lines");
            Assert.Equal(1, lines["records.ndjson"]);
            Assert.Equal(1, lines["workflows.ndjson"]);
            Assert.Equal(1, lines["connections.ndjson"]);
            Assert.Equal(1, lines["usage.ndjson"]);
            Assert.Equal(0, lines["runs.ndjson"]);
            Assert.Equal(0, lines["tenant-audit.ndjson"]);
            foreach (var (name, count) in lines.Where(l => l.Key != "schedule.json"))
            {
                Assert.Equal(count, done.GetProperty("counts").GetProperty(name).GetInt64());
            }

            Assert.DoesNotContain(zip.Entries, e => Contains(e, ConnectionSecret) || Contains(e, "bob@example.com"));
            Assert.True(Contains(zip.GetEntry("leads.ndjson")!, "ann@example.com"), "the real lead's email is in leads.ndjson");
            Assert.True(Contains(zip.GetEntry("connections.ndjson")!, "\"X-Api-Key\""), "the connection's header name is exported");
            Assert.True(Contains(zip.GetEntry("workflows.ndjson")!, "\"kind\":\"transform\""), "the workflow's definition is exported");

            // Held whole, the rows would be several times the uncompressed size as objects; streamed, a page at a time.
            Assert.True(uncompressed > 30_000_000, $"the export is {uncompressed} bytes uncompressed");
            Assert.True(peakGrowth < uncompressed / 4, $"live memory grew by {peakGrowth} bytes for {uncompressed} bytes of export");
        }
        finally
        {
            File.Delete(zipPath);
        }
    }

    [Fact]
    public async Task Export_OfAnotherTenant_Answers404LikeAMissingOne()
    {
        var (a, _, _) = await TenantAsync("iso-a");
        var (b, _, _) = await TenantAsync("iso-b");
        var exportId = (await (await a.PostAsync("/v1/exports", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
        await WaitForDoneAsync(a, exportId);

        await ProblemAssert.IsAsync(await b.GetAsync($"/v1/exports/{exportId}"), HttpStatusCode.NotFound, "not-found", $"Export '{exportId}' does not exist.");
        await ProblemAssert.IsAsync(await b.GetAsync($"/v1/exports/{exportId}/download"), HttpStatusCode.NotFound, "not-found", $"Export '{exportId}' does not exist.");
        await ProblemAssert.IsAsync(await a.GetAsync("/v1/exports/exp_000000000000000000000000"), HttpStatusCode.NotFound, "not-found", "Export 'exp_000000000000000000000000' does not exist.");
        await ProblemAssert.IsAsync(await a.GetAsync("/v1/exports/nonsense/download"), HttpStatusCode.NotFound, "not-found", "Export 'nonsense' does not exist.");
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/exports/{exportId}/download")).StatusCode);
    }

    [Fact]
    public async Task Start_WhileAnExportIsLeftRunning_Answers409UntilReadingItFinishesIt()
    {
        var (client, tenantId, keyId) = await TenantAsync("left");
        var lead = await SubmitAsync(client, "ann@example.com");
        await client.WaitForStatusAsync(lead, "completed");
        // As a silo that stopped mid-export leaves it: recorded as running, with no activation writing it.
        const string Left = "exp_00000000000000000000abcd";
        await _host.Services.GetRequiredService<IProjectionStore>().ExecuteAsync(
            "INSERT INTO exports (tenant_id, export_id, status, requested_by, requested_at) VALUES (@tenant, @export, 'running', @key, @at)",
            new Dictionary<string, object?> { ["tenant"] = tenantId, ["export"] = Left, ["key"] = keyId, ["at"] = DateTimeOffset.UtcNow },
            tenantId,
            CancellationToken.None);

        var refused = await client.PostAsync("/v1/exports", null);
        await ProblemAssert.IsAsync(
            refused, HttpStatusCode.Conflict, "conflict", $"Export '{Left}' is still queued or running; start another once it is done or failed.");
        await ProblemAssert.IsAsync(
            await client.GetAsync($"/v1/exports/{Left}/download"), HttpStatusCode.Conflict, "conflict", $"Export '{Left}' is running; it can be downloaded once it is done.");

        var resumed = await WaitForDoneAsync(client, Left);
        Assert.Equal(1, resumed.GetProperty("counts").GetProperty("leads.ndjson").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/exports/{Left}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v1/exports", null)).StatusCode);
    }

    [Fact]
    public async Task Get_DoneExportWhoseZipIsGone_WritesItAgain()
    {
        var (client, tenantId, _) = await TenantAsync("gone");
        var exportId = (await (await client.PostAsync("/v1/exports", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
        await WaitForDoneAsync(client, exportId);
        var zip = Path.Combine(DataDirectory, "exports", tenantId, exportId + ".zip");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(zip));
        }

        // As when the export's grain is activated on a silo that does not hold the file.
        File.Delete(zip);

        var again = await client.GetFromJsonAsync<JsonElement>($"/v1/exports/{exportId}");
        Assert.NotEqual("done", again.GetProperty("status").GetString());
        await WaitForDoneAsync(client, exportId);
        Assert.True(File.Exists(zip));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/exports/{exportId}/download")).StatusCode);
    }

    private async Task<(HttpClient Client, string TenantId, string KeyId)> TenantAsync(string prefix)
    {
        var access = await _host.CreateTenantAsync(prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        var client = _host.CreateTenantClient(access.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/workflows/signup", TestWorkflows.TransformAndStore())).StatusCode);
        var connection = await client.PutAsJsonAsync(
            "/v1/connections/crm", new { kind = "http", baseUrl = "https://crm.example.com/", headers = new Dictionary<string, string> { ["X-Api-Key"] = ConnectionSecret } });
        Assert.True(connection.IsSuccessStatusCode, await connection.Content.ReadAsStringAsync());
        return (client, access.TenantId, access.KeyId);
    }

    private static async Task<string> SubmitAsync(HttpClient client, string email)
    {
        var response = await client.PostAsJsonAsync("/v1/workflows/signup/leads", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
    }

    /// <summary>Puts 100,000 leads with one attempt and one audit row each straight into the tables, in three statements.</summary>
    private async Task InsertBulkRowsAsync(string tenantId)
    {
        var store = _host.Services.GetRequiredService<IProjectionStore>();
        var parameters = new Dictionary<string, object?>
        {
            ["tenant"] = tenantId,
            ["at"] = DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ["count"] = BulkLeads,
        };
        const string Numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count) ";
        await store.ExecuteAsync(
            Numbers + """
            INSERT INTO leads (tenant_id, lead_id, workflow, workflow_version, status, accepted_at, updated_at, business_date, email, email_key)
            SELECT @tenant, 'bulk-' || CAST(i AS TEXT), 'signup', 1, 'completed', @at, @at, '2026-11-01',
                'person' || CAST(i AS TEXT) || '@example.com', 'person' || CAST(i AS TEXT) || '@example.com' FROM n
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
            SELECT @tenant, 'bulk-' || CAST(i AS TEXT), 1, @at, 'accepted', 'lead accepted through the webhook of workflow signup' FROM n
            """,
            parameters,
            tenantId,
            CancellationToken.None);
    }

    private static async Task<JsonElement> WaitForDoneAsync(HttpClient client, string exportId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var export = await client.GetFromJsonAsync<JsonElement>($"/v1/exports/{exportId}");
            var status = export.GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
            if (status == "done")
            {
                return export;
            }

            Assert.True(DateTime.UtcNow < deadline, $"export {exportId} is still {status}");
            await Task.Delay(200);
        }
    }

    private static long CountLines(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        long lines = 0;
        while (reader.ReadLine() is { } line)
        {
            JsonDocument.Parse(line).Dispose();
            lines++;
        }

        return lines;
    }

    private static bool Contains(ZipArchiveEntry entry, string text)
    {
        using var reader = new StreamReader(entry.Open());
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
