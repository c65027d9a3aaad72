using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Exports;

/// <summary>
/// The end of a done export, on a host whose export retention is seconds: its zip is deleted, it reads as expired and
/// its download answers 410; the silo's sweep deletes the zip of an export nobody reads. Starting an export records the
/// API key and time. Run on SQLite and PostgreSQL by the subclasses.
/// </summary>
public abstract class ExportExpiryApiContract : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await CreateHostAsync(new Dictionary<string, string?> { ["OrleansFlows:Exports:Retention"] = "00:00:04" });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await DisposeStoreAsync();
        _data.Dispose();
    }

    protected string DataDirectory => _data.Path;

    protected abstract Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings);

    protected abstract Task DisposeStoreAsync();

    [Fact]
    public async Task DoneExport_PastItsRetention_ReadsExpiredItsZipIsDeletedAndItsDownloadIs410()
    {
        var (client, access) = await TenantAsync();
        var before = DateTimeOffset.UtcNow;
        var started = await client.PostAsync("/v1/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var export = await started.Content.ReadFromJsonAsync<JsonElement>();
        var exportId = export.GetProperty("exportId").GetString()!;

        // Who started it and when stays on the export, through its expiry.
        Assert.Equal(access.KeyId, export.GetProperty("requestedBy").GetString());
        var requestedAt = export.GetProperty("requestedAt").GetDateTimeOffset();
        Assert.InRange(requestedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var done = await WaitForStatusAsync(client, exportId, "done", "expired");
        var zip = ZipPath(access.TenantId, exportId);
        if (done.GetProperty("status").GetString() == "done")
        {
            Assert.True(File.Exists(zip), $"The zip of done export {exportId} is not at {zip}.");
        }

        var expired = await WaitForStatusAsync(client, exportId, "expired");

        Assert.False(File.Exists(zip), $"The zip of expired export {exportId} is still at {zip}.");
        Assert.Equal((access.KeyId, requestedAt), (expired.GetProperty("requestedBy").GetString(), expired.GetProperty("requestedAt").GetDateTimeOffset()));
        var problem = await ProblemAssert.IsAsync(await client.GetAsync($"/v1/exports/{exportId}/download"), HttpStatusCode.Gone, "gone");
        Assert.Equal($"Export '{exportId}' expired and its zip was deleted; start a new export with POST /v1/exports.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v1/exports", null)).StatusCode);
    }

    [Fact]
    public async Task DoneExport_NobodyReadsIt_TheSweepDeletesItsZipAndItReadsExpired()
    {
        var (client, access) = await TenantAsync();
        var started = await client.PostAsync("/v1/exports", null);
        var exportId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
        var zip = ZipPath(access.TenantId, exportId);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(zip))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Export {exportId} wrote no zip within 60 s.");
            await Task.Delay(50);
        }

        // Not read again: only the silo's sweep can delete it.
        while (File.Exists(zip))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The zip of export {exportId} was not deleted within 60 s.");
            await Task.Delay(100);
        }

        Assert.Equal("expired", (await client.GetFromJsonAsync<JsonElement>($"/v1/exports/{exportId}")).GetProperty("status").GetString());
    }

    private string ZipPath(string tenantId, string exportId) => Path.Combine(DataDirectory, "exports", tenantId, exportId + ".zip");

    private async Task<(HttpClient Client, TenantAccess Access)> TenantAsync()
    {
        var access = await _host.CreateTenantAsync("exp-" + Guid.NewGuid().ToString("N")[..8]);
        var client = _host.CreateTenantClient(access.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/workflows/signup", TestWorkflows.TransformAndStore())).StatusCode);
        var lead = await client.PostAsJsonAsync("/v1/workflows/signup/leads", new { email = "ann@example.com" });
        await client.WaitForStatusAsync((await lead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!, "completed");
        return (client, access);
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string exportId, params string[] statuses)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var export = await client.GetFromJsonAsync<JsonElement>($"/v1/exports/{exportId}");
            var status = export.GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
            if (statuses.Contains(status))
            {
                return export;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Export {exportId} is still {status}.");
            await Task.Delay(100);
        }
    }
}
