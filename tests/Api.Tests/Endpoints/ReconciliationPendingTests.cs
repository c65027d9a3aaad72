using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Records waiting for a nightly run, on SQLite.</summary>
public sealed class ReconciliationPendingTests : IAsyncLifetime
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
    public Task List_BatchedLeads_ListedByDateInPagesOnlyToOwnTenant() =>
        PendingRecordScenarios.BatchedLeads_ListedByDateInPagesOnlyToOwnTenantAsync(_host, "sqlite");

    [Fact]
    public Task List_BadDateOrCursor_Answers400NamingIt() =>
        PendingRecordScenarios.BadDateOrCursor_Answers400Async(_host, "sqlite");

    [Fact]
    public async Task List_WithSchedule_DefaultsToTheNextRunsBusinessDate()
    {
        var tenant = await _host.CreateTenantAsync("pending-scheduled");
        using var client = _host.CreateTenantClient(tenant.ApiKey);
        // A zone 14 hours ahead of UTC, so that the next run's date is not simply today's UTC date.
        var put = await client.PutAsJsonAsync("/v1/reconciliation/schedule", new { dailyAt = "23:30", timeZone = "Pacific/Kiritimati" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var schedule = await client.GetFromJsonAsync<JsonElement>("/v1/reconciliation/schedule");

        var pending = await client.GetFromJsonAsync<JsonElement>("/v1/reconciliation/pending");

        // The run at 23:30 local on D + 1 reconciles D.
        var next = schedule.GetProperty("nextRunAt").GetDateTimeOffset();
        var local = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati"));
        var expected = DateOnly.FromDateTime(local.DateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(expected, pending.GetProperty("businessDate").GetString());
    }
}
