using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Membership;

/// <summary>
/// The membership table on a real PostgreSQL, driven by hand: the test plays the silos. Heartbeats are aged with the
/// database's own clock (<c>now() - interval</c>), never the test's.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresMembershipTableTests(PostgresServer server)
{
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Register_NewSilo_IsJoiningAtTheDatabaseClock()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var siloId = new SiloIdentity().Id;

        var entry = await db.Table.RegisterAsync(new SiloRegistration(cluster, siloId, "10.0.0.5:11111", "http://10.0.0.5:8080"), None);

        var view = await db.Table.ReadViewAsync(cluster, None);
        Assert.Equal(entry, Assert.Single(view.Members));
        Assert.Equal(new SiloEntry(siloId, cluster, "10.0.0.5:11111", "http://10.0.0.5:8080", SiloMembershipStatus.Joining, entry.StartedAt, entry.StartedAt, null, 1), entry);
        Assert.Equal(1, view.Version);
        Assert.InRange(view.ReadAt - entry.HeartbeatAt, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Register_SameSiloTwice_ThrowsInvalidOperationException()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var registration = new SiloRegistration(cluster, new SiloIdentity().Id, "127.0.0.1:11111", null);
        await db.Table.RegisterAsync(registration, None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Table.RegisterAsync(registration, None));

        Assert.Equal(
            $"Silo {registration.SiloId} is already registered; a silo registers once per process start, and a restarted process gets a new id.",
            error.Message);
        Assert.Equal(1, (await db.Table.ReadViewAsync(cluster, None)).Version);
    }

    [Fact]
    public async Task SetStatus_ForwardMoves_RaiseTheVersionEachTime()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var siloId = new SiloIdentity().Id;
        await db.Table.RegisterAsync(new SiloRegistration(cluster, siloId, "127.0.0.1:11111", null), None);

        var active = await db.Table.SetStatusAsync(cluster, siloId, SiloMembershipStatus.Active, None);
        var shuttingDown = await db.Table.SetStatusAsync(cluster, siloId, SiloMembershipStatus.ShuttingDown, None);
        var dead = await db.Table.SetStatusAsync(cluster, siloId, SiloMembershipStatus.Dead, None);

        Assert.Equal((SiloMembershipStatus.Active, 2L), (active.Status, active.Version));
        Assert.Equal((SiloMembershipStatus.ShuttingDown, 3L), (shuttingDown.Status, shuttingDown.Version));
        Assert.Equal((SiloMembershipStatus.Dead, 4L, siloId), (dead.Status, dead.Version, dead.DeclaredDeadBy));
        Assert.Equal(4, (await db.Table.ReadViewAsync(cluster, None)).Version);
    }

    [Fact]
    public async Task SetStatus_Backwards_ThrowsInvalidOperationExceptionAndKeepsTheRow()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var siloId = await db.RegisterActiveAsync(cluster);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Table.SetStatusAsync(cluster, siloId, SiloMembershipStatus.Joining, None));

        Assert.Equal($"Silo {siloId} can't move from active to joining; a silo's status only moves forward.", error.Message);
        var view = await db.Table.ReadViewAsync(cluster, None);
        Assert.True(view.Shows(siloId, SiloMembershipStatus.Active));
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public async Task SetStatus_OfDeadSilo_ThrowsSiloDeclaredDeadException()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var siloId = await db.RegisterActiveAsync(cluster);
        await db.Table.SetStatusAsync(cluster, siloId, SiloMembershipStatus.Dead, None);

        var error = await Assert.ThrowsAsync<SiloDeclaredDeadException>(() => db.Table.SetStatusAsync(cluster, siloId, SiloMembershipStatus.Active, None));

        Assert.Equal((cluster, siloId, siloId), (error.ClusterId, error.SiloId, error.DeclaredDeadBy));
    }

    [Fact]
    public async Task Heartbeat_LiveSilo_MovesHeartbeatAndKeepsVersion()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var siloId = await db.RegisterActiveAsync(cluster);
        await db.ExecuteAsync("UPDATE cluster_members SET heartbeat_at = now() - interval '5 seconds' WHERE silo_id = @s", ("s", siloId));
        var before = (await db.Table.ReadViewAsync(cluster, None)).Find(siloId)!;

        await db.Table.HeartbeatAsync(cluster, siloId, DeathTimeout / 2, None);

        var view = await db.Table.ReadViewAsync(cluster, None);
        Assert.True(view.Find(siloId)!.HeartbeatAt > before.HeartbeatAt);
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public async Task Heartbeat_AfterDeclaredDead_ThrowsSiloDeclaredDeadException()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var observer = await db.RegisterActiveAsync(cluster);
        var victim = await db.RegisterActiveAsync(cluster);
        await AgeAsync(db, observer, heartbeat: TimeSpan.Zero, aliveFor: TimeSpan.FromHours(1));
        await AgeAsync(db, victim, heartbeat: TimeSpan.FromMinutes(1), aliveFor: TimeSpan.FromHours(1));
        Assert.Equal([victim], await db.Table.DeclareStaleDeadAsync(cluster, observer, DeathTimeout, None));

        var error = await Assert.ThrowsAsync<SiloDeclaredDeadException>(() => db.Table.HeartbeatAsync(cluster, victim, DeathTimeout / 2, None));

        Assert.Equal(
            $"Silo {victim} was declared dead in cluster '{cluster}' by silo {observer}. A silo declared dead must stop serving; restart the process to join under a new id.",
            error.Message);
        Assert.Equal((cluster, victim, observer), (error.ClusterId, error.SiloId, error.DeclaredDeadBy));
    }

    [Fact]
    public async Task Heartbeat_RowRemoved_ThrowsSiloDeclaredDeadException()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var siloId = await db.RegisterActiveAsync(cluster);
        await db.ExecuteAsync("DELETE FROM cluster_members WHERE silo_id = @s", ("s", siloId));

        var error = await Assert.ThrowsAsync<SiloDeclaredDeadException>(() => db.Table.HeartbeatAsync(cluster, siloId, DeathTimeout / 2, None));

        Assert.Equal(
            $"Silo {siloId} has no row in the membership table of cluster '{cluster}': it was declared dead and removed. A silo declared dead must stop serving; restart the process to join under a new id.",
            error.Message);
        Assert.Null(error.DeclaredDeadBy);
    }

    [Fact]
    public async Task DeclareStaleDead_StaleSilo_MarksItDeadByTheObserverAndRaisesVersion()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var observer = await db.RegisterActiveAsync(cluster);
        var fresh = await db.RegisterActiveAsync(cluster);
        var stale = await db.RegisterActiveAsync(cluster);
        await AgeAsync(db, observer, heartbeat: TimeSpan.Zero, aliveFor: TimeSpan.FromHours(1));
        await AgeAsync(db, fresh, heartbeat: TimeSpan.FromSeconds(9), aliveFor: TimeSpan.FromHours(1));
        await AgeAsync(db, stale, heartbeat: TimeSpan.FromSeconds(11), aliveFor: TimeSpan.FromHours(1));
        var before = await db.Table.ReadViewAsync(cluster, None);

        var declared = await db.Table.DeclareStaleDeadAsync(cluster, observer, DeathTimeout, None);

        Assert.Equal([stale], declared);
        var after = await db.Table.ReadViewAsync(cluster, None);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal((SiloMembershipStatus.Dead, observer, after.Version), (after.Find(stale)!.Status, after.Find(stale)!.DeclaredDeadBy, after.Find(stale)!.Version));
        Assert.True(after.Shows(fresh, SiloMembershipStatus.Active));
        Assert.True(after.Shows(observer, SiloMembershipStatus.Active));
    }

    [Fact]
    public async Task DeclareStaleDead_NothingStale_DeclaresNoneAndKeepsVersion()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var observer = await db.RegisterActiveAsync(cluster);
        await db.RegisterActiveAsync(cluster);
        await AgeAsync(db, observer, heartbeat: TimeSpan.Zero, aliveFor: TimeSpan.FromHours(1));

        Assert.Empty(await db.Table.DeclareStaleDeadAsync(cluster, observer, DeathTimeout, None));

        Assert.Equal(4, (await db.Table.ReadViewAsync(cluster, None)).Version);
    }

    [Fact]
    public async Task DeclareStaleDead_ObserverAliveForLessThanTimeout_DeclaresNone()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var stale = await db.RegisterActiveAsync(cluster);
        await AgeAsync(db, stale, heartbeat: TimeSpan.FromMinutes(1), aliveFor: TimeSpan.FromHours(1));
        var newcomer = await db.RegisterActiveAsync(cluster);

        Assert.Empty(await db.Table.DeclareStaleDeadAsync(cluster, newcomer, DeathTimeout, None));

        await AgeAsync(db, newcomer, heartbeat: TimeSpan.Zero, aliveFor: DeathTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal([stale], await db.Table.DeclareStaleDeadAsync(cluster, newcomer, DeathTimeout, None));
    }

    [Fact]
    public async Task DeclareStaleDead_AfterAnOutageLongerThanTimeout_CondemnsNoSiloThatHeartbeatsAgain()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var first = await db.RegisterActiveAsync(cluster);
        var second = await db.RegisterActiveAsync(cluster);

        // Every heartbeat stopped a minute ago, as when the database was down: the first silo back must not condemn the rest.
        await AgeAsync(db, first, heartbeat: TimeSpan.FromMinutes(1), aliveFor: TimeSpan.FromHours(1));
        await AgeAsync(db, second, heartbeat: TimeSpan.FromMinutes(1), aliveFor: TimeSpan.FromHours(1));
        await db.Table.HeartbeatAsync(cluster, first, DeathTimeout / 2, None);

        Assert.Empty(await db.Table.DeclareStaleDeadAsync(cluster, first, DeathTimeout, None));
        await db.Table.HeartbeatAsync(cluster, second, DeathTimeout / 2, None);
        Assert.All((await db.Table.ReadViewAsync(cluster, None)).Members, m => Assert.Equal(SiloMembershipStatus.Active, m.Status));
    }

    [Fact]
    public async Task DeclareStaleDead_ObserverWithStaleHeartbeat_DeclaresNone()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var observer = await db.RegisterActiveAsync(cluster);
        var stale = await db.RegisterActiveAsync(cluster);
        await AgeAsync(db, observer, heartbeat: TimeSpan.FromSeconds(6), aliveFor: TimeSpan.FromHours(1));
        await AgeAsync(db, stale, heartbeat: TimeSpan.FromMinutes(1), aliveFor: TimeSpan.FromHours(1));

        Assert.Empty(await db.Table.DeclareStaleDeadAsync(cluster, observer, DeathTimeout, None));
    }

    [Fact]
    public async Task DeclareStaleDead_ObserverItselfDead_ThrowsSiloDeclaredDeadException()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var observer = await db.RegisterActiveAsync(cluster);
        var other = await db.RegisterActiveAsync(cluster);
        await db.ExecuteAsync("UPDATE cluster_members SET status = 'dead', declared_dead_by = @o WHERE silo_id = @s", ("o", other), ("s", observer));

        var error = await Assert.ThrowsAsync<SiloDeclaredDeadException>(() => db.Table.DeclareStaleDeadAsync(cluster, observer, DeathTimeout, None));

        Assert.Equal((observer, other), (error.SiloId, error.DeclaredDeadBy));
    }

    [Fact]
    public async Task RemoveDefunct_DeadRowsPastRetention_RemovesOnlyThemAndRaisesVersion()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        var live = await db.RegisterActiveAsync(cluster);
        var recentlyDead = await db.RegisterActiveAsync(cluster);
        var longDead = await db.RegisterActiveAsync(cluster);
        await db.Table.SetStatusAsync(cluster, recentlyDead, SiloMembershipStatus.Dead, None);
        await db.Table.SetStatusAsync(cluster, longDead, SiloMembershipStatus.Dead, None);
        await AgeAsync(db, live, heartbeat: TimeSpan.FromHours(2), aliveFor: TimeSpan.FromHours(3));
        await AgeAsync(db, longDead, heartbeat: TimeSpan.FromHours(2), aliveFor: TimeSpan.FromHours(3));
        var before = await db.Table.ReadViewAsync(cluster, None);

        Assert.Equal([longDead], await db.Table.RemoveDefunctAsync(cluster, TimeSpan.FromHours(1), None));

        var after = await db.Table.ReadViewAsync(cluster, None);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(new[] { live, recentlyDead }.Order(StringComparer.Ordinal), after.Members.Select(m => m.SiloId));
    }

    [Fact]
    public async Task ReadView_EmptyOrOtherCluster_HasNoMembersAndVersionZero()
    {
        await using var db = await MembershipDatabase.CreateAsync(server, nameof(PostgresMembershipTableTests));
        var cluster = MembershipDatabase.NewClusterId();
        await db.RegisterActiveAsync(MembershipDatabase.NewClusterId());

        var view = await db.Table.ReadViewAsync(cluster, None);

        Assert.Equal((cluster, 0L), (view.ClusterId, view.Version));
        Assert.Empty(view.Members);
        Assert.NotEqual(DateTimeOffset.MinValue, view.ReadAt);
    }

    /// <summary>Sets a silo's last heartbeat and the start of its run of heartbeats back, by the database's clock.</summary>
    private static Task AgeAsync(MembershipDatabase db, string siloId, TimeSpan heartbeat, TimeSpan aliveFor) =>
        db.ExecuteAsync(
            "UPDATE cluster_members SET heartbeat_at = now() - @h * interval '1 millisecond', alive_since = now() - @a * interval '1 millisecond' WHERE silo_id = @s",
            ("h", (long)heartbeat.TotalMilliseconds),
            ("a", (long)aliveFor.TotalMilliseconds),
            ("s", siloId));
}
