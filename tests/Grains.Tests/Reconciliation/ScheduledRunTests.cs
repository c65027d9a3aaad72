using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Tests.Hosting;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>
/// Runs started by the schedule itself, through real reminders on a real PostgreSQL: catch-up of missed dates, and a
/// silo killed across the scheduled time. Tenants are created "days ago" by a silo whose clock is shifted back; every
/// silo after that reads the real clock.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ScheduledRunTests(PostgresServer server) : IAsyncLifetime
{
    private const string Zone = ReconciliationTestSilo.Zone;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleansflows-grains-").FullName;
    private readonly TenantId _tenant = TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);
    private TestStore _store = null!;
    private ReconciliationReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.PostgresAsync(server, "schedule");
        _receiver = await ReconciliationReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task SetSchedule_TenantCreatedThreeDaysAgo_CatchesUpEachMissedDateInOrderOnce()
    {
        var created = await CreateTenantDaysAgoAsync(3, leadsPerDay: 2);
        await using var silo = await StartAsync();
        var (dailyAt, expected) = DailyAtHalfAnHourAgo(created);

        await silo.Grains.GetGrain<IReconciliationGrain>(_tenant.Value).SetScheduleAsync(Schedule(dailyAt));
        var runs = await WaitForRunsAsync(silo, expected.Count);

        Assert.Equal(expected, runs.Select(r => r.BusinessDate).Reverse());
        Assert.All(runs, r => Assert.Equal((1, ReconciliationTrigger.CatchUp, ReconciliationRunStatus.Completed), (r.Attempt, r.Trigger, r.Status)));
        // Every lead was accepted on the tenant's first day; the later dates had nothing to send.
        Assert.Equal(expected.Select(d => d == created ? 2 : 0), runs.Reverse().Select(r => r.Counts!.Records));
        Assert.Equal(2, ReconciliationReceiver.RecordCount(Assert.Single(_receiver.Requests).Body));
        var schedule = await silo.Grains.GetGrain<IReconciliationGrain>(_tenant.Value).GetScheduleAsync();
        Assert.Equal(expected[^1], schedule!.LastCompletedBusinessDate);
        Assert.True(schedule.NextRunAt > DateTimeOffset.UtcNow, $"The next run is due at {schedule.NextRunAt:O}, not after now.");
    }

    [Fact]
    public async Task SetSchedule_LookBackOfOne_RunsOnlyTheMostRecentMissedDate()
    {
        var created = await CreateTenantDaysAgoAsync(3, leadsPerDay: 1);
        await using var silo = await StartAsync();
        var (dailyAt, expected) = DailyAtHalfAnHourAgo(created);

        await silo.Grains.GetGrain<IReconciliationGrain>(_tenant.Value).SetScheduleAsync(Schedule(dailyAt) with { LookBackDays = 1 });
        var run = Assert.Single(await WaitForRunsAsync(silo, 1));

        Assert.Equal(expected[^1], run.BusinessDate);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await ListAsync(silo));
    }

    [Fact]
    public async Task KillAndRestart_AcrossTheScheduledTime_RunsTheDateExactlyOnce()
    {
        var created = await CreateTenantDaysAgoAsync(1, leadsPerDay: 3);
        var runAt = NextMinuteAtLeast(TimeSpan.FromSeconds(8));
        var local = TimeZoneInfo.ConvertTime(runAt, TimeZoneInfo.FindSystemTimeZoneById(Zone));
        Assert.True(DateOnly.FromDateTime(local.DateTime) == created.AddDays(1), $"The run at {local:O} would not reconcile {created}; the test can't run across local midnight.");

        var first = await StartAsync();
        await first.Grains.GetGrain<IReconciliationGrain>(_tenant.Value).SetScheduleAsync(Schedule(local.ToString("HH:mm", CultureInfo.InvariantCulture)));
        await Task.Delay(runAt - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(3));
        Assert.Empty(_receiver.Requests);
        first.Kill();

        await Task.Delay(runAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2)); // the scheduled time passes while no silo runs
        Assert.Empty(_receiver.Requests);
        await using var second = await StartAsync();
        var run = Assert.Single(await WaitForRunsAsync(second, 1));
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a second run, if one were coming

        Assert.Equal((created, 1, ReconciliationTrigger.Scheduled, ReconciliationRunStatus.Completed), (run.BusinessDate, run.Attempt, run.Trigger, run.Status));
        Assert.Single(await ListAsync(second));
        Assert.Equal(3, run.Counts!.Acknowledged);
        Assert.Single(_receiver.Requests);
        Assert.Equal(1L, await _store.ScalarAsync($"SELECT COUNT(*) FROM reconciliation_runs WHERE tenant_id = '{_tenant.Value}'"));
        var schedule = await second.Grains.GetGrain<IReconciliationGrain>(_tenant.Value).GetScheduleAsync();
        Assert.Equal(created, schedule!.LastCompletedBusinessDate);
        Assert.Equal(runAt.AddDays(1), schedule.NextRunAt);
    }

    [Fact]
    public async Task SetSchedule_TimeZoneChangedAfterCatchUp_NextRunFollowsTheNewZoneAndNoDateRunsTwice()
    {
        var created = await CreateTenantDaysAgoAsync(2, leadsPerDay: 1);
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IReconciliationGrain>(_tenant.Value);
        var (dailyAt, expected) = DailyAtHalfAnHourAgo(created);
        await grain.SetScheduleAsync(Schedule(dailyAt));
        await WaitForRunsAsync(silo, expected.Count);

        // Kiritimati is UTC+14: its calendar is a day ahead of Berlin's, so dates already run come due again there.
        var moved = await grain.SetScheduleAsync(Schedule(dailyAt) with { TimeZone = "Pacific/Kiritimati" });
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for any run the change made due
        var runs = await WaitForRunsAsync(silo, (await ListAsync(silo)).Count);

        Assert.Equal(runs.Count, runs.Select(r => r.BusinessDate).Distinct().Count());
        Assert.All(runs.Where(r => r.BusinessDate <= expected[^1]), r => Assert.Contains(r.BusinessDate, expected));
        Assert.Equal(0L, await _store.ScalarAsync($"SELECT COUNT(*) FROM (SELECT business_date FROM reconciliation_runs WHERE tenant_id = '{_tenant.Value}' GROUP BY business_date HAVING COUNT(*) > 1) d"));
        var next = TimeZoneInfo.ConvertTime(moved.NextRunAt ?? (await grain.GetScheduleAsync())!.NextRunAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati"));
        Assert.Equal(dailyAt, next.ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task KillDuringARun_AfterRestart_TheSameAttemptResumesWithTheSameChunkKeys()
    {
        var created = await CreateTenantDaysAgoAsync(1, leadsPerDay: 2);
        var settings = new Dictionary<string, string?>(ReconciliationTestSilo.Settings)
        {
            ["OrleansFlows:Reconciliation:ChunkTimeout"] = "00:00:30",
            ["OrleansFlows:Reconciliation:RunTimeout"] = "00:00:03",
        };
        var first = await ProductSilo.StartAsync(_store, _dataDirectory, settings);
        _receiver.HangNext(1);

        // Yesterday's 00:00 run time has passed, so setting the schedule starts it at once, as a catch-up.
        await first.Grains.GetGrain<IReconciliationGrain>(_tenant.Value).SetScheduleAsync(Schedule("00:00"));
        await _receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));
        first.Kill(); // the chunk is in flight, unanswered

        await using var second = await ProductSilo.StartAsync(_store, _dataDirectory, settings);
        var done = Assert.Single(await WaitForRunsAsync(second, 1));

        Assert.Equal((ReconciliationRunIds.Format(created, 1), ReconciliationRunStatus.Completed, 2), (done.RunId, done.Status, done.Counts!.Acknowledged));
        // The killed silo's request and the resumed one; every request carried the one chunk's key, so it counted once.
        var keys = _receiver.Requests.Select(r => r.IdempotencyKey).ToArray();
        Assert.True(keys.Length >= 2, $"The receiver saw {keys.Length} request(s).");
        Assert.All(keys, key => Assert.Equal(ReconciliationIdempotency.Key(_tenant, created, 1, 0), key));
        Assert.Equal(2, _receiver.AcceptedRecords);
    }

    private static ReconciliationSchedule Schedule(string dailyAt) => new(dailyAt, Zone, Connection: "bulk", Path: "/bulk", ChunkSize: 100);

    /// <summary>A run time half an hour ago (local), and the dates it makes due for a tenant created on <paramref name="created"/>.</summary>
    private static (string DailyAt, List<DateOnly> Due) DailyAtHalfAnHourAgo(DateOnly created)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var at = now.AddMinutes(-30);
        var today = DateOnly.FromDateTime(now.DateTime);

        // Date D runs at dailyAt on D + 1: yesterday's run was half an hour ago, unless that was still the day before.
        var latestDue = DateOnly.FromDateTime(at.DateTime) == today ? today.AddDays(-1) : today.AddDays(-2);
        var due = new List<DateOnly>();
        for (var date = created; date <= latestDue; date = date.AddDays(1))
        {
            due.Add(date);
        }

        return (at.ToString("HH:mm", CultureInfo.InvariantCulture), due);
    }

    private static DateTimeOffset NextMinuteAtLeast(TimeSpan ahead)
    {
        var now = DateTimeOffset.UtcNow;
        var next = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        if (next - now < ahead)
        {
            next = next.AddMinutes(1);
        }

        return next;
    }

    /// <summary>Creates the tenant, its receiver connection and a batch workflow on a silo whose clock is <paramref name="days"/> days back, and submits leads there.</summary>
    private async Task<DateOnly> CreateTenantDaysAgoAsync(int days, int leadsPerDay)
    {
        var shifted = new ShiftedTimeProvider(TimeSpan.FromDays(-days));
        await using var silo = await ProductSilo.StartAsync(_store, _dataDirectory, ReconciliationTestSilo.Settings, shifted);
        var tenant = silo.Grains.GetGrain<ITenantGrain>(_tenant.Value);
        await tenant.SetProfileAsync(new TenantProfile("Test Bakery", Zone));
        await tenant.PutConnectionAsync(new ConnectionSpec("bulk", ConnectionKind.Http, _receiver.BaseAddress.ToString(), new Dictionary<string, string>(), null));
        await tenant.PublishWorkflowAsync("orders", ReconciliationWorkflows.BatchOnly().ToJsonString());
        for (var i = 0; i < leadsPerDay; i++)
        {
            var body = $$"""{"email":"o{{i}}@example.com","amount":{{i}}}""";
            var lead = LeadKey.Create(_tenant, LeadIds.FromIdempotencyKey("orders", $"o-{i}"));
            await silo.Grains.GetGrain<ILeadGrain>(lead.ToString()).SubmitAsync(new SubmitLead("orders", body, $"o-{i}", LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api"));
            await silo.Grains.WaitForStatusAsync(lead.ToString(), LeadStatus.Completed);
        }

        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(shifted.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime);
    }

    private Task<ProductSilo> StartAsync() => ProductSilo.StartAsync(_store, _dataDirectory, ReconciliationTestSilo.Settings);

    private async Task<IReadOnlyList<ReconciliationRunView>> ListAsync(ProductSilo silo) =>
        (await silo.Services.GetRequiredService<ReconciliationRuns>().ListAsync(_tenant, null, 100, null, CancellationToken.None)).Items;

    /// <summary>Waits until <paramref name="count"/> runs have finished; returns the tenant's runs, newest first.</summary>
    private async Task<IReadOnlyList<ReconciliationRunView>> WaitForRunsAsync(ProductSilo silo, int count)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        IReadOnlyList<ReconciliationRunView> runs = [];
        while (DateTimeOffset.UtcNow < deadline)
        {
            runs = await ListAsync(silo);
            if (runs.Count(r => r.Status != ReconciliationRunStatus.Running) >= count)
            {
                return runs;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Tenant {_tenant} expected {count} finished run(s) within 30 s; it has: {string.Join(", ", runs.Select(r => $"{r.RunId} {r.Status}"))}.");
    }
}
