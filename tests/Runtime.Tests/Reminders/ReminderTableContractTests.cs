using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Reminders;

/// <summary>
/// The durable-reminder contract (DESIGN.md, runtime contract point 5), run against each provider: through grains on a
/// running silo, and directly on <see cref="IReminderTable"/> with no silo polling, where the test plays the claimers.
/// </summary>
public abstract class ReminderTableContractTests
{
    private static readonly TimeSpan LongTime = TimeSpan.FromHours(1);

    /// <summary>A new, empty store of the provider under test; each test gets its own.</summary>
    protected abstract Task<TestStore> CreateStorageAsync();

    [Fact]
    public async Task PeriodicReminder_WhenRegistered_FiresRepeatedly()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store);
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var grain = silo.Grain<IReminderTestGrain>(key);
        var fired = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, 3, phase: "Waiting for three ticks of 'tick'");

        await grain.RegisterPeriodicAsync("tick", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        await fired;

        Assert.True(await grain.GetTicksAsync("tick") >= 3);
        var entry = Assert.Single(await grain.ListAsync());
        Assert.Equal(TimeSpan.FromMilliseconds(200), entry.Period);
    }

    [Fact]
    public async Task PeriodicReminder_AtMinimumSubSecondPeriod_Fires()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store);
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var minimum = silo.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumPeriod;
        Assert.True(minimum < TimeSpan.FromSeconds(1), $"The test silo's minimum period is {minimum}.");
        var fired = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, 3, phase: $"Waiting for three ticks with period {minimum}");

        await silo.Grain<IReminderTestGrain>(key).RegisterPeriodicAsync("fast", TimeSpan.Zero, minimum);
        await fired;

        Assert.True(await silo.Grain<IReminderTestGrain>(key).GetTicksAsync("fast") >= 3);
    }

    [Fact]
    public async Task Register_WithPeriodBelowMinimum_ThrowsArgumentOutOfRangeException()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store);
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var grain = silo.Grain<IReminderTestGrain>(key);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => grain.RegisterPeriodicAsync("too-fast", TimeSpan.Zero, TimeSpan.FromMilliseconds(99)));

        Assert.StartsWith(
            $"Reminder 'too-fast' of {id} has period 00:00:00.0990000; the minimum is 00:00:00.1000000 (ReminderOptions.MinimumPeriod).",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(99), error.ActualValue);
        Assert.Empty(await grain.ListAsync());
    }

    [Fact]
    public async Task OneShotReminder_WhenDue_FiresOnceAndIsRemoved()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store);
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var grain = silo.Grain<IReminderTestGrain>(key);
        var fired = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, phase: "Waiting for the one-shot tick");

        await grain.RegisterOneShotAsync("once", DateTimeOffset.UtcNow.AddMilliseconds(200));
        Assert.Null(Assert.Single(await grain.ListAsync()).Period);
        await fired;

        Assert.Empty(await grain.ListAsync());

        // Long enough for several polls: a one-shot tick that was not removed would be claimed again.
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.ReminderDelivered, id));
        Assert.Equal(1, await grain.GetTicksAsync("once"));
    }

    [Fact]
    public async Task ListAsync_AfterRegisteringAndUpdating_ShowsCurrentRegistrations()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store);
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var grain = silo.Grain<IReminderTestGrain>(key);
        var oneShotDue = WholeMilliseconds(DateTimeOffset.UtcNow.AddDays(1));

        var before = DateTimeOffset.UtcNow;
        await grain.RegisterPeriodicAsync("b-periodic", LongTime, LongTime);
        await grain.RegisterOneShotAsync("a-once", oneShotDue);
        var after = DateTimeOffset.UtcNow;

        var listed = await grain.ListAsync();
        Assert.Equal(["a-once", "b-periodic"], listed.Select(e => e.Name));
        Assert.Equal(new ReminderEntry(id, "a-once", oneShotDue, null), listed[0]);
        Assert.Equal(LongTime, listed[1].Period);
        AssertBetween(before + LongTime, after + LongTime, listed[1].DueAt);

        await grain.RegisterPeriodicAsync("b-periodic", TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));

        var updated = (await grain.ListAsync()).Single(e => e.Name == "b-periodic");
        Assert.Equal(TimeSpan.FromHours(2), updated.Period);
        AssertBetween(before + TimeSpan.FromMinutes(30), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(30), updated.DueAt);
    }

    [Fact]
    public async Task Unregister_PeriodicReminder_StopsTicks()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store);
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var grain = silo.Grain<IReminderTestGrain>(key);
        var fired = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, 2, phase: "Waiting for two ticks before unregistering");
        await grain.RegisterPeriodicAsync("tick", TimeSpan.Zero, TimeSpan.FromMilliseconds(150));
        await fired;

        await grain.UnregisterAsync("tick");
        await grain.UnregisterAsync("tick");

        Assert.Empty(await grain.ListAsync());

        // A tick claimed just before the unregistration may still land; after that, none may.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var settled = silo.Events.Count(RuntimeEvents.ReminderDelivered, id);
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Equal(settled, silo.Events.Count(RuntimeEvents.ReminderDelivered, id));
        Assert.Equal(settled, await grain.GetTicksAsync("tick"));
    }

    [Fact]
    public async Task Restart_WithRegisteredReminders_FiresOnNewSilo()
    {
        await using var store = await CreateStorageAsync();
        var periodicKey = TestGrainIds.NewKey();
        var oneShotKey = TestGrainIds.NewKey();
        var periodicId = TestGrainIds.Of<IReminderTestGrain>(periodicKey);
        var oneShotId = TestGrainIds.Of<IReminderTestGrain>(oneShotKey);
        await using (var silo = await StartSiloThatDeliversNothingAsync(store))
        {
            await silo.Grain<IReminderTestGrain>(periodicKey).RegisterPeriodicAsync("periodic", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
            await silo.Grain<IReminderTestGrain>(oneShotKey).RegisterOneShotAsync("once", DateTimeOffset.UtcNow.AddMilliseconds(200));
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            await Task.WhenAll(
                silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, periodicId, 2, phase: "Waiting for the periodic reminder after restart"),
                silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, oneShotId, phase: "Waiting for the one-shot reminder after restart"));

            Assert.True(await silo.Grain<IReminderTestGrain>(periodicKey).GetTicksAsync("periodic") >= 2);
            Assert.Equal(1, await silo.Grain<IReminderTestGrain>(oneShotKey).GetTicksAsync("once"));
            Assert.Empty(await silo.Grain<IReminderTestGrain>(oneShotKey).ListAsync());
        }
    }

    [Fact]
    public async Task Restart_AfterMissedPeriods_FiresOnceNotOncePerMissedPeriod()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var period = TimeSpan.FromMilliseconds(400);
        await using (var silo = await StartSiloThatDeliversNothingAsync(store))
        {
            await silo.Grain<IReminderTestGrain>(key).RegisterPeriodicAsync("nightly", period, period);
        }

        // Downtime of four periods and more.
        await Task.Delay(5 * period);

        await using (var silo = await TestSilo.StartAsync(store))
        {
            await silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, phase: "Waiting for the missed tick after restart");

            // Catching up would deliver the missed ticks one poll (50 ms) after another. Firing once leaves only the
            // regular ticks: at most one more in the half period after the first. Judged by the events' own times, so
            // a slow test thread can't count regular ticks as catch-up ones.
            await Task.Delay(period);
            var ticks = silo.Events.All.Where(e => e.Name == RuntimeEvents.ReminderDelivered && e.GrainId == id).Select(e => e.Timestamp).Order().ToArray();
            var window = (long)(period.TotalSeconds / 2 * Stopwatch.Frequency);
            var delivered = ticks.Count(t => t - ticks[0] <= window);
            Assert.True(
                delivered <= 2,
                $"{delivered} ticks of {id} were delivered within {period / 2} of the first one after the restart; missed ticks must fire once.");
        }
    }

    [Fact]
    public async Task Tick_WhenGrainThrows_IsDeliveredAgainAfterLease()
    {
        await using var store = await CreateStorageAsync();
        var lease = TimeSpan.FromMilliseconds(800);
        await using var silo = await TestSilo.StartAsync(store, services => services.Configure<ReminderOptions>(o => o.LeaseDuration = lease));
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var grain = silo.Grain<IReminderTestGrain>(key);
        await grain.FailNextTicksAsync(1);
        var failed = silo.Events.WaitForAsync(RuntimeEvents.ReminderFailed, id, phase: "Waiting for the failing tick");
        var delivered = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, phase: "Waiting for the tick to be delivered again");

        // The tick is claimed no earlier than it is due, and claimed again no earlier than a lease later.
        var sinceRegistration = Stopwatch.StartNew();
        await grain.RegisterOneShotAsync("once", DateTimeOffset.UtcNow.AddMilliseconds(100));
        await failed;
        Assert.Equal("once", Assert.Single(await grain.ListAsync()).Name);
        await delivered;

        Assert.True(sinceRegistration.Elapsed >= lease, $"The failed tick came again {sinceRegistration.Elapsed} after registration, before its lease of {lease} ran out.");
        Assert.Equal(1, await grain.GetTicksAsync("once"));
        Assert.Empty(await grain.ListAsync());
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.ReminderFailed, id));
    }

    [Fact]
    public async Task Tick_ForGrainThatFailsToActivate_IsDeliveredOnceStateIsRepaired()
    {
        await using var store = await CreateStorageAsync();
        await using var silo = await TestSilo.StartAsync(store, services => services.Configure<ReminderOptions>(o => o.LeaseDuration = TimeSpan.FromMilliseconds(500)));
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        await storage.WriteAsync(StateWrite(id, """{"ticks":"not a map"}""", expectedVersion: 0), CancellationToken.None);
        var failedTwice = silo.Events.WaitForAsync(RuntimeEvents.ReminderFailed, id, 2, phase: "Waiting for the tick to fail on the corrupt state, twice");

        await silo.Services.GetRequiredService<IReminderTable>().ApplyAsync(id, ReminderChange.OneShot("once", DateTimeOffset.UtcNow), CancellationToken.None);
        await failedTwice;

        Assert.All(
            silo.Events.All.Where(e => e.Name == RuntimeEvents.ReminderFailed && e.GrainId == id),
            e => Assert.Contains($"can't be read as {nameof(ReminderTestState)}", e.Detail, StringComparison.Ordinal));
        Assert.Equal(0, silo.Events.Count(RuntimeEvents.ReminderDelivered, id));

        var delivered = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, id, phase: "Waiting for the tick after repairing the state");
        await storage.WriteAsync(StateWrite(id, """{"ticks":{}}""", expectedVersion: 1), CancellationToken.None);
        await delivered;

        Assert.Equal(1, await silo.Grain<IReminderTestGrain>(key).GetTicksAsync("once"));
        Assert.Empty(await silo.Grain<IReminderTestGrain>(key).ListAsync());
    }

    [Fact]
    public async Task ApplyAsync_SetReplaceAndRemove_ChangesOnlyThatReminder()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        var other = NewReminderGrain();
        var due = WholeMilliseconds(DateTimeOffset.UtcNow.AddDays(1));

        await table.ApplyAsync(id, ReminderChange.OneShot("x", due), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.OneShot("y", due.AddHours(1)), CancellationToken.None);
        await table.ApplyAsync(other, ReminderChange.OneShot("x", due), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.OneShot("x", due.AddHours(2)), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.Remove("y"), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.Remove("never-registered"), CancellationToken.None);

        Assert.Equal([new ReminderEntry(id, "x", due.AddHours(2), null)], await table.ReadAsync(id, CancellationToken.None));
        Assert.Equal([new ReminderEntry(other, "x", due, null)], await table.ReadAsync(other, CancellationToken.None));
        Assert.Empty(await table.ReadAsync(NewReminderGrain(), CancellationToken.None));
    }

    [Fact]
    public async Task ClaimDueAsync_WithReminderNotYetDue_ClaimsNothing()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        await table.ApplyAsync(NewReminderGrain(), ReminderChange.Periodic("later", LongTime, LongTime), CancellationToken.None);
        await table.ApplyAsync(NewReminderGrain(), ReminderChange.OneShot("later", DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);

        Assert.Empty(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimDueAsync_WithMoreDueThanMaxCount_ClaimsEarliestFirst()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        var now = WholeMilliseconds(DateTimeOffset.UtcNow);
        await table.ApplyAsync(id, ReminderChange.OneShot("c", now.AddMinutes(-1)), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.OneShot("a", now.AddMinutes(-3)), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.OneShot("b", now.AddMinutes(-2)), CancellationToken.None);

        var first = await table.ClaimDueAsync("claimer", 2, LongTime, CancellationToken.None);
        var rest = await table.ClaimDueAsync("claimer", 2, LongTime, CancellationToken.None);

        Assert.Equal(["a", "b"], first.Select(c => c.Entry.Name));
        Assert.Equal(now.AddMinutes(-3), first[0].Entry.DueAt);
        Assert.Equal(["c"], rest.Select(c => c.Entry.Name));
    }

    [Fact]
    public async Task ClaimDueAsync_WhileLeased_DoesNotClaimAgainUntilLeaseRunsOut()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        var lease = TimeSpan.FromMilliseconds(500);
        await table.ApplyAsync(id, ReminderChange.OneShot("once", DateTimeOffset.UtcNow.AddMinutes(-1)), CancellationToken.None);

        var leased = Stopwatch.StartNew();
        var claimed = Assert.Single(await table.ClaimDueAsync("silo-a", 10, lease, CancellationToken.None));
        Assert.Empty(await table.ClaimDueAsync("silo-b", 10, lease, CancellationToken.None));
        Assert.Empty(await table.ClaimDueAsync("silo-a", 10, lease, CancellationToken.None));

        // silo-a dies without completing: once its lease runs out, another claimer takes the same tick.
        var reclaimed = await ClaimWithinAsync(table, "silo-b", TimeSpan.FromSeconds(10));
        Assert.True(leased.Elapsed >= lease, $"The tick was claimed again {leased.Elapsed} after the first claim, before its lease of {lease} ran out.");
        Assert.Equal(claimed.Entry, reclaimed.Entry);
        Assert.Equal(claimed.Version, reclaimed.Version);
        Assert.True(reclaimed.ClaimedAt > claimed.ClaimedAt);

        await table.CompleteAsync([reclaimed], CancellationToken.None);
        Assert.Empty(await table.ReadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimDueAsync_ByConcurrentClaimers_ClaimsEachTickOnce()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        var ids = Enumerable.Range(0, 40).Select(_ => NewReminderGrain()).ToArray();
        foreach (var id in ids)
        {
            await table.ApplyAsync(id, ReminderChange.OneShot("once", past), CancellationToken.None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var mine = new List<ClaimedReminder>();
            while (await table.ClaimDueAsync($"silo-{i}", 5, LongTime, CancellationToken.None) is { Count: > 0 } batch)
            {
                mine.AddRange(batch);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).Select(c => c.Entry.GrainId).ToList();
        Assert.Equal(ids.Length, all.Count);
        Assert.Equal(ids.OrderBy(i => i.ToString()), all.OrderBy(i => i.ToString()));
    }

    [Fact]
    public async Task CompleteAsync_OneShot_RemovesIt()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        await table.ApplyAsync(id, ReminderChange.OneShot("once", DateTimeOffset.UtcNow.AddMinutes(-1)), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.OneShot("later", DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);
        var claimed = Assert.Single(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));

        await table.CompleteAsync([claimed], CancellationToken.None);

        Assert.Equal("later", Assert.Single(await table.ReadAsync(id, CancellationToken.None)).Name);
        Assert.Empty(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));
    }

    [Fact]
    public async Task CompleteAsync_PeriodicAfterMissedPeriods_MovesToFirstTickAfterClaim()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        var period = TimeSpan.FromMilliseconds(200);
        await table.ApplyAsync(id, ReminderChange.Periodic("tick", TimeSpan.Zero, period), CancellationToken.None);
        var registered = Assert.Single(await table.ReadAsync(id, CancellationToken.None));

        // Nobody claims for five periods, as while every silo is down.
        await Task.Delay(5 * period);
        var claimed = Assert.Single(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));
        await table.CompleteAsync([claimed], CancellationToken.None);

        Assert.Equal(registered.DueAt, claimed.Entry.DueAt);
        Assert.Equal(period, claimed.Entry.Period);
        var next = Assert.Single(await table.ReadAsync(id, CancellationToken.None));
        Assert.True(next.DueAt > claimed.ClaimedAt, $"Next tick {next.DueAt:O} is not after the claim at {claimed.ClaimedAt:O}: missed ticks would fire one by one.");
        Assert.True(next.DueAt - claimed.ClaimedAt <= period, $"Next tick {next.DueAt:O} is more than a period after the claim at {claimed.ClaimedAt:O}.");
        Assert.Equal(0, (next.DueAt - registered.DueAt).Ticks % period.Ticks);
        Assert.Equal(period, next.Period);
    }

    [Fact]
    public async Task CompleteAsync_AfterReRegistration_KeepsNewRegistration()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        await table.ApplyAsync(id, ReminderChange.Periodic("tick", TimeSpan.Zero, LongTime), CancellationToken.None);
        var claimed = Assert.Single(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));

        // While the tick is in flight, its grain changes the schedule.
        await table.ApplyAsync(id, ReminderChange.Periodic("tick", TimeSpan.FromMinutes(5), TimeSpan.FromHours(2)), CancellationToken.None);
        var replaced = Assert.Single(await table.ReadAsync(id, CancellationToken.None));
        await table.CompleteAsync([claimed], CancellationToken.None);

        Assert.Equal(replaced, Assert.Single(await table.ReadAsync(id, CancellationToken.None)));
        Assert.Equal(TimeSpan.FromHours(2), replaced.Period);
    }

    [Fact]
    public async Task CompleteAsync_AfterUnregisterAndRegisterAgain_KeepsNewRegistration()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        var newDue = WholeMilliseconds(DateTimeOffset.UtcNow.AddHours(3));
        await table.ApplyAsync(id, ReminderChange.OneShot("resume", DateTimeOffset.UtcNow.AddMinutes(-1)), CancellationToken.None);
        var claimed = Assert.Single(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));

        // While the tick is in flight, its grain removes the reminder and registers a new one of the same name.
        await table.ApplyAsync(id, ReminderChange.Remove("resume"), CancellationToken.None);
        await table.ApplyAsync(id, ReminderChange.OneShot("resume", newDue), CancellationToken.None);
        await table.CompleteAsync([claimed], CancellationToken.None);

        Assert.Equal([new ReminderEntry(id, "resume", newDue, null)], await table.ReadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task CompleteAsync_AfterUnregister_DoesNotBringReminderBack()
    {
        await using var store = await CreateStorageAsync();
        await using var services = await StoreServices.CreateAsync(store);
        var table = services.Reminders;
        var id = NewReminderGrain();
        await table.ApplyAsync(id, ReminderChange.Periodic("tick", TimeSpan.Zero, LongTime), CancellationToken.None);
        var claimed = Assert.Single(await table.ClaimDueAsync("claimer", 10, LongTime, CancellationToken.None));

        await table.ApplyAsync(id, ReminderChange.Remove("tick"), CancellationToken.None);
        await table.CompleteAsync([claimed], CancellationToken.None);

        Assert.Empty(await table.ReadAsync(id, CancellationToken.None));
    }

    private static GrainStateWrite StateWrite(GrainId id, string json, long expectedVersion) =>
        new(id, "state", nameof(ReminderTestState), json, expectedVersion, [], []);

    /// <summary>
    /// A silo that polls once as it starts and then not for an hour, so reminders registered on it can't fire before it
    /// stops: restart tests then know which silo delivered.
    /// </summary>
    private static Task<TestSilo> StartSiloThatDeliversNothingAsync(TestStore store) =>
        TestSilo.StartAsync(store, services => services.Configure<ReminderOptions>(o =>
        {
            o.PollInterval = LongTime;
            o.LeaseDuration = 2 * LongTime;
        }));

    private static GrainId NewReminderGrain() => TestGrainIds.Of<IReminderTestGrain>(TestGrainIds.NewKey());

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    private static void AssertBetween(DateTimeOffset low, DateTimeOffset high, DateTimeOffset actual)
    {
        // The store's clock judges due times; allow it a little skew from this process's clock.
        var slack = TimeSpan.FromSeconds(2);
        Assert.InRange(actual, low - slack, high + slack);
    }

    private static async Task<ClaimedReminder> ClaimWithinAsync(IReminderTable table, string owner, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await table.ClaimDueAsync(owner, 10, LongTime, CancellationToken.None) is [var claimed])
            {
                return claimed;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Re-claiming by {owner}: no tick became claimable within {limit}; the expired lease was never released.");
            }

            // Polling like a silo does: the store's clock, not an event, decides when the lease runs out.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
