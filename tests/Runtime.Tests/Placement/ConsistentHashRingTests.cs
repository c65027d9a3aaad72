using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Placement;

namespace OrleansFlows.Runtime.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private const int KeyCount = 100_000;
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly GrainId[] Keys = Enumerable.Range(0, KeyCount).Select(i => GrainId.Parse($"lead/t{i % 97}/{i}")).ToArray();

    [Fact]
    public void OwnerOf_RingsFromDifferentlyOrderedSilos_ChooseTheSameOwners()
    {
        var silos = Silos(10);
        var shuffled = silos.OrderBy(s => StableHashOfReversed(s.SiloId)).ToArray();
        Assert.NotEqual(silos.Select(s => s.SiloId), shuffled.Select(s => s.SiloId));

        var first = new ConsistentHashRing(silos, "c", 7);
        var second = new ConsistentHashRing(shuffled, "c", 7);

        Assert.All(Keys.Take(20_000), key => Assert.Equal(first.OwnerOf(key).SiloId, second.OwnerOf(key).SiloId));
    }

    [Fact]
    public void FromSnapshot_SameSnapshotReadInAnotherOrder_ChoosesTheSameOwners()
    {
        var members = Silos(5);
        var first = ConsistentHashRing.FromSnapshot(new MembershipSnapshot("c", 3, At, members));
        var second = ConsistentHashRing.FromSnapshot(new MembershipSnapshot("c", 3, At, members.Reverse()));

        Assert.All(Keys.Take(20_000), key => Assert.Equal(first.OwnerOf(key), second.OwnerOf(key)));
    }

    [Fact]
    public void OwnerOf_TenSilosHundredThousandKeys_EachSiloWithinQuarterOfMean()
    {
        var ring = new ConsistentHashRing(Silos(10), "c", 1);

        var counts = Keys.GroupBy(k => ring.OwnerOf(k).SiloId).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(10, counts.Count);
        var mean = KeyCount / 10.0;
        Assert.All(counts, c => Assert.True(
            Math.Abs(c.Value - mean) <= 0.25 * mean,
            $"Silo {c.Key} owns {c.Value} of {KeyCount} keys; the mean is {mean}, so at most ±{0.25 * mean} is expected. All: {string.Join(", ", counts.Values)}"));
    }

    [Fact]
    public void OwnerOf_AfterSiloAdded_OnlyAboutOneNthMoveAndAllToTheNewSilo()
    {
        var silos = Silos(11);
        var before = new ConsistentHashRing(silos.Take(10), "c", 1);
        var after = new ConsistentHashRing(silos, "c", 2);
        var added = silos[10].SiloId;

        var moved = Keys.Where(k => before.OwnerOf(k).SiloId != after.OwnerOf(k).SiloId).ToArray();

        Assert.All(moved, k => Assert.Equal(added, after.OwnerOf(k).SiloId));
        AssertAboutOneNth(moved.Length, 11);
    }

    [Fact]
    public void OwnerOf_AfterSiloRemoved_OnlyItsKeysMove()
    {
        var silos = Silos(10);
        var removed = silos[3].SiloId;
        var before = new ConsistentHashRing(silos, "c", 1);
        var after = new ConsistentHashRing(silos.Where(s => s.SiloId != removed), "c", 2);

        var moved = Keys.Where(k => before.OwnerOf(k).SiloId != after.OwnerOf(k).SiloId).ToArray();

        Assert.All(moved, k => Assert.Equal(removed, before.OwnerOf(k).SiloId));
        Assert.Equal(Keys.Count(k => before.OwnerOf(k).SiloId == removed), moved.Length);
        AssertAboutOneNth(moved.Length, 10);
    }

    [Fact]
    public void FromSnapshot_WithSilosNotActive_PlacesOnlyOnActiveOnes()
    {
        var members = new[]
        {
            Silo("a", SiloMembershipStatus.Active),
            Silo("b", SiloMembershipStatus.Joining),
            Silo("c", SiloMembershipStatus.ShuttingDown),
            Silo("d", SiloMembershipStatus.Dead),
        };

        var ring = ConsistentHashRing.FromSnapshot(new MembershipSnapshot("c", 4, At, members));

        Assert.Equal(["a"], ring.Silos.Select(s => s.SiloId));
        Assert.All(Keys.Take(1000), k => Assert.Equal("a", ring.OwnerOf(k).SiloId));
    }

    [Fact]
    public void OwnerOf_EmptyRing_ThrowsSiloUnavailableException()
    {
        var ring = ConsistentHashRing.FromSnapshot(new MembershipSnapshot("prod", 12, At, [Silo("a", SiloMembershipStatus.Dead)]));

        var error = Assert.Throws<SiloUnavailableException>(() => ring.OwnerOf(GrainId.Parse("lead/t1/42")));

        Assert.Equal(
            "No silo is active in cluster 'prod' (membership version 12), so lead/t1/42 can't be placed. Retry once a silo has joined.",
            error.Message);
    }

    [Fact]
    public void Constructor_SameSiloTwice_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConsistentHashRing([Silo("a"), Silo("b"), Silo("a")], "c", 1));

        Assert.StartsWith("Silo a appears twice; a ring holds each silo once.", error.Message, StringComparison.Ordinal);
    }

    private static void AssertAboutOneNth(int moved, int silos)
    {
        var expected = (double)KeyCount / silos;
        Assert.True(
            moved >= 0.5 * expected && moved <= 1.5 * expected,
            $"{moved} of {KeyCount} keys moved; about 1/{silos} ({expected:F0}) is expected.");
    }

    private static ulong StableHashOfReversed(string text) => StableHash.Of(new string(text.Reverse().ToArray()));

    // Fixed ids in the product's format (machine/pid/guid), so the test is deterministic.
    private static SiloEntry[] Silos(int count) =>
        Enumerable.Range(0, count).Select(i => Silo($"silo-host-{i}/{1000 + i}/{new Guid(i + 1, 7, 9, 1, 2, 3, 4, 5, 6, 7, 8):N}")).ToArray();

    private static SiloEntry Silo(string id, SiloMembershipStatus status = SiloMembershipStatus.Active) =>
        new(id, "c", $"{id}:11111", null, status, At, At, null, 1);
}
