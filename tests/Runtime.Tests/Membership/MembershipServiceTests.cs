using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Placement;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Membership;

/// <summary>
/// Membership services with their real heartbeat and refresh loops on one PostgreSQL database, each playing a silo,
/// with test-sized periods (heartbeat 200 ms, death after 1 s). Outcomes are awaited on views, never slept for.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class MembershipServiceTests(PostgresServer server)
{
    // Detection takes the death timeout plus a refresh; the rest is slack for a loaded machine.
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ViewBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Start_ThreeSilos_EachSeesAllThreeActive()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());

        var silos = new[] { await db.StartServiceAsync(options), await db.StartServiceAsync(options), await db.StartServiceAsync(options) };

        var ids = silos.Select(s => s.SiloId).Order(StringComparer.Ordinal).ToArray();
        foreach (var silo in silos)
        {
            var view = await silo.WaitForViewAsync(
                v => v.ActiveMembers.Select(m => m.SiloId).SequenceEqual(ids),
                ViewBound,
                "Waiting for all three silos to be active");
            Assert.Equal(MembershipServicePhase.Active, silo.Phase);
            Assert.All(view.Members, m => Assert.Equal("127.0.0.1:11111", m.Address));
        }
    }

    [Fact]
    public async Task Views_WhenASiloJoins_RefreshWithIncreasingVersions()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var first = await db.StartServiceAsync(options);
        var initial = first.Current;
        var versions = new List<long>();
        first.MembershipChanged += v =>
        {
            lock (versions)
            {
                versions.Add(v.Version);
            }
        };
        var second = db.CreateService(options);
        var seen = first.WaitForViewAsync(v => v.Find(second.SiloId)?.Status == SiloMembershipStatus.Active, ViewBound, "Waiting for the second silo to appear active");

        await second.StartAsync(CancellationToken.None);
        var view = await seen;

        Assert.True(view.Version > initial.Version, $"The view's version went from {initial.Version} to {view.Version}.");
        lock (versions)
        {
            Assert.NotEmpty(versions);
            Assert.Equal(versions.Order(), versions);
            Assert.Equal(versions.Count, versions.Distinct().Count());
            Assert.True(versions[0] > initial.Version);
        }
    }

    [Fact]
    public async Task RefreshNowAsync_AfterASiloJoined_ShowsItWithoutWaitingForThePeriod()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var slow = await db.StartServiceAsync(new MembershipOptions
        {
            ClusterId = options.ClusterId,
            SiloAddress = options.SiloAddress,
            HeartbeatPeriod = options.HeartbeatPeriod,
            DeathTimeout = options.DeathTimeout,
            RefreshPeriod = TimeSpan.FromHours(1),
        });
        var joined = await db.StartServiceAsync(options);
        Assert.Null(slow.Current.Find(joined.SiloId));

        var view = await slow.RefreshNowAsync(CancellationToken.None);

        Assert.True(view.Shows(joined.SiloId, SiloMembershipStatus.Active));
        Assert.Same(view, slow.Current);
    }

    [Fact]
    public async Task KilledSilo_WithoutHeartbeats_IsDeclaredDeadBySurvivorsWithinTheDeathTimeout()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var survivors = new[] { await db.StartServiceAsync(options), await db.StartServiceAsync(options) };
        var victim = await db.StartServiceAsync(options);
        foreach (var survivor in survivors)
        {
            await survivor.WaitForViewAsync(v => v.Shows(victim.SiloId, SiloMembershipStatus.Active), ViewBound, "Waiting for the victim to be active");
        }

        var declared = survivors.Select(s => s.WaitForViewAsync(
            v => v.Shows(victim.SiloId, SiloMembershipStatus.Dead),
            DetectionBound,
            $"Waiting for killed silo {victim.SiloId} to be declared dead")).ToArray();
        await victim.HaltAsync();
        var views = await Task.WhenAll(declared);

        foreach (var view in views)
        {
            var dead = view.Find(victim.SiloId)!;
            Assert.Contains(dead.DeclaredDeadBy, survivors.Select(s => s.SiloId));
            Assert.Equal(survivors.Select(s => s.SiloId).Order(StringComparer.Ordinal), view.ActiveMembers.Select(m => m.SiloId));
        }

        Assert.All(survivors, s => Assert.Equal(MembershipServicePhase.Active, s.Phase));
        Assert.Equal(MembershipServicePhase.Halted, victim.Phase);
    }

    [Fact]
    public async Task PausedSilo_DeclaredDeadMeanwhile_FailsItsNextHeartbeatAndStopsServing()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var survivor = await db.StartServiceAsync(options);
        var stoppedServing = new TaskCompletionSource<SiloDeclaredDeadException>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new ManualTimeProvider();

        // Its clock stands still, so its loops don't run: a process frozen after it joined. Its own refresh is an hour
        // away, so it is its next heartbeat that finds out.
        var paused = await db.StartServiceAsync(
            new MembershipOptions
            {
                ClusterId = options.ClusterId,
                SiloAddress = options.SiloAddress,
                HeartbeatPeriod = options.HeartbeatPeriod,
                DeathTimeout = options.DeathTimeout,
                RefreshPeriod = TimeSpan.FromHours(1),
            },
            stopServing: e => stoppedServing.TrySetResult(e),
            timeProvider: clock);
        await survivor.WaitForViewAsync(v => v.Shows(paused.SiloId, SiloMembershipStatus.Dead), DetectionBound, $"Waiting for paused silo {paused.SiloId} to be declared dead");
        Assert.False(stoppedServing.Task.IsCompleted);

        clock.Advance(options.HeartbeatPeriod);
        var error = await stoppedServing.Task.WaitAsync(ViewBound);

        Assert.Equal((options.ClusterId, paused.SiloId, survivor.SiloId), (error.ClusterId, error.SiloId, error.DeclaredDeadBy));
        Assert.Equal(MembershipServicePhase.DeclaredDead, paused.Phase);
        await paused.StopAsync(CancellationToken.None);
        var row = (await db.Table.ReadViewAsync(options.ClusterId, CancellationToken.None)).Find(paused.SiloId)!;
        Assert.Equal((SiloMembershipStatus.Dead, survivor.SiloId), (row.Status, row.DeclaredDeadBy));
    }

    [Fact]
    public async Task RestartedSilo_AfterKill_JoinsUnderANewId()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var survivor = await db.StartServiceAsync(options);
        var killed = await db.StartServiceAsync(options);
        var declared = survivor.WaitForViewAsync(v => v.Shows(killed.SiloId, SiloMembershipStatus.Dead), DetectionBound, "Waiting for the killed silo to be declared dead");
        await killed.HaltAsync();
        await declared;

        var restarted = await db.StartServiceAsync(options);

        Assert.NotEqual(killed.SiloId, restarted.SiloId);
        var view = await survivor.WaitForViewAsync(v => v.Shows(restarted.SiloId, SiloMembershipStatus.Active), ViewBound, "Waiting for the restarted silo to be active");
        Assert.True(view.Shows(killed.SiloId, SiloMembershipStatus.Dead));
        Assert.Equal(new[] { survivor.SiloId, restarted.SiloId }.Order(StringComparer.Ordinal), view.ActiveMembers.Select(m => m.SiloId));
    }

    [Fact]
    public async Task GracefulStop_OthersSeeShuttingDownThenDead_AndPlacementLeavesIt()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var staying = await db.StartServiceAsync(options);
        var leaving = await db.StartServiceAsync(options);
        await staying.WaitForViewAsync(v => v.Shows(leaving.SiloId, SiloMembershipStatus.Active), ViewBound, "Waiting for the leaving silo to be active");

        await leaving.BeginShutdownAsync(CancellationToken.None);

        var shuttingDown = await staying.RefreshNowAsync(CancellationToken.None);
        Assert.True(shuttingDown.Shows(leaving.SiloId, SiloMembershipStatus.ShuttingDown));
        Assert.Equal([staying.SiloId], ConsistentHashRing.FromSnapshot(shuttingDown).Silos.Select(s => s.SiloId));

        await leaving.StopAsync(CancellationToken.None);

        var stopped = await staying.RefreshNowAsync(CancellationToken.None);
        var row = stopped.Find(leaving.SiloId)!;
        Assert.Equal((SiloMembershipStatus.Dead, leaving.SiloId), (row.Status, row.DeclaredDeadBy));
        Assert.True(stopped.Version > shuttingDown.Version);
        Assert.Equal(MembershipServicePhase.Stopped, leaving.Phase);
    }

    [Fact]
    public async Task ShuttingDownSilo_HandingOffLongerThanTheDeathTimeout_KeepsHeartbeating()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var staying = await db.StartServiceAsync(options);
        var leaving = await db.StartServiceAsync(options);
        await leaving.BeginShutdownAsync(CancellationToken.None);
        var first = await staying.RefreshNowAsync(CancellationToken.None);
        var heartbeatBefore = first.Find(leaving.SiloId)!.HeartbeatAt;

        // Polls on the refresh period, with a deadline: its heartbeat must move past a whole death timeout while the staying silo keeps judging.
        var deadline = DateTime.UtcNow + DetectionBound;
        MembershipSnapshot view;
        do
        {
            view = await staying.RefreshNowAsync(CancellationToken.None);
            Assert.True(view.Shows(leaving.SiloId, SiloMembershipStatus.ShuttingDown), $"The leaving silo should stay shutting down; view: {view}");
            await Task.Delay(options.RefreshPeriod);
        }
        while (view.Find(leaving.SiloId)!.HeartbeatAt - heartbeatBefore <= options.DeathTimeout && DateTime.UtcNow < deadline);

        Assert.True(view.Find(leaving.SiloId)!.HeartbeatAt - heartbeatBefore > options.DeathTimeout, $"Heartbeats of the leaving silo did not advance past {options.DeathTimeout} within {DetectionBound}; view: {view}");
    }

    [Fact]
    public async Task StartAsync_Twice_ThrowsInvalidOperationException()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var silo = await db.StartServiceAsync(MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync(CancellationToken.None));

        Assert.Equal($"Membership of silo {silo.SiloId} can start once; it is Active.", error.Message);
    }

    [Fact]
    public async Task MembershipChanged_HandlerThrows_OtherHandlersStillSeeViews()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(MembershipServiceTests));
        var options = MembershipDatabase.FastOptions(MembershipDatabase.NewClusterId());
        var first = await db.StartServiceAsync(options);
        first.MembershipChanged += _ => throw new InvalidOperationException("A broken subscriber.");
        var second = db.CreateService(options);
        var seen = first.WaitForViewAsync(v => v.Shows(second.SiloId, SiloMembershipStatus.Active), ViewBound, "Waiting past a throwing subscriber");

        await second.StartAsync(CancellationToken.None);

        await seen;
        var third = db.CreateService(options);
        var seenAgain = first.WaitForViewAsync(v => v.Shows(third.SiloId, SiloMembershipStatus.Active), ViewBound, "Waiting for the refresh loop to go on");
        await third.StartAsync(CancellationToken.None);
        await seenAgain;
    }
}
