using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Tests.Leads;

public sealed class AttemptOwnersTests
{
    private static readonly SiloAddress Local = Silo(11111, 200);

    [Fact]
    public void IsGone_AttemptRunByThisSilo_False() =>
        Assert.False(AttemptOwners.IsGone(Local.ToParsableString(), Local, Membership((Local, SiloStatus.Active))));

    [Fact]
    public void IsGone_AttemptRunByAnEarlierGenerationOfThisSilo_True() =>
        Assert.True(AttemptOwners.IsGone(Silo(11111, 100).ToParsableString(), Local, Membership((Local, SiloStatus.Active))));

    [Fact]
    public void IsGone_AttemptRunByAnotherActiveSilo_False()
    {
        var other = Silo(11112, 150);

        Assert.False(AttemptOwners.IsGone(other.ToParsableString(), Local, Membership((Local, SiloStatus.Active), (other, SiloStatus.Active))));
    }

    [Fact]
    public void IsGone_AttemptRunByASiloStillShuttingDown_False()
    {
        var other = Silo(11112, 150);

        Assert.False(AttemptOwners.IsGone(other.ToParsableString(), Local, Membership((Local, SiloStatus.Active), (other, SiloStatus.ShuttingDown))));
    }

    [Fact]
    public void IsGone_AttemptRunByADeadSilo_True()
    {
        var other = Silo(11112, 150);

        Assert.True(AttemptOwners.IsGone(other.ToParsableString(), Local, Membership((Local, SiloStatus.Active), (other, SiloStatus.Dead))));
    }

    [Fact]
    public void IsGone_AttemptRunBySiloUnknownToTheMembership_True() =>
        Assert.True(AttemptOwners.IsGone(Silo(11112, 150).ToParsableString(), Local, Membership((Local, SiloStatus.Active))));

    [Theory]
    [InlineData(null)]
    [InlineData("not a silo address")]
    public void IsGone_NoReadableOwner_FalseSoTheDeadlineCoversIt(string? runBy) =>
        Assert.False(AttemptOwners.IsGone(runBy, Local, Membership((Local, SiloStatus.Active))));

    [Fact]
    public void StepRunState_StoredBeforeOwnersWereRecorded_ReadsWithNoOwner()
    {
        var progress = JsonSerializer.Deserialize<StepRunState>("""{"kind":"http","status":"running","attempt":1,"roundStart":0,"dueAt":"2026-12-06T10:00:00+00:00"}""");

        Assert.NotNull(progress);
        Assert.Null(progress.RunBy);
        Assert.Equal(StepStatus.Running, progress.Status);
    }

    private static SiloAddress Silo(int port, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    private static ClusterMembershipSnapshot Membership(params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, $"silo-{m.Silo.Endpoint.Port}")), new MembershipVersion(1));
}
