namespace OrleansFlows.Storage.Tests.Reminders;

/// <summary>
/// The contract of Orleans' <see cref="IReminderTable"/> that the reminder service relies on, run against each provider.
/// Ranges are on the ring of <see cref="GrainId.GetUniformHashCode"/>: (begin, end] excludes begin and includes end, and
/// wraps around zero when begin is not below end (equal bounds are the whole ring). Times are compared to the millisecond,
/// the precision every provider keeps.
/// </summary>
public abstract class ReminderTableContractTests : IAsyncLifetime
{
    private static readonly DateTime StartAt = new(2031, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    private IReminderTable? _table;

    /// <summary>The table under test, started.</summary>
    protected IReminderTable Table => _table ?? throw new InvalidOperationException("The table is created in InitializeAsync.");

    /// <summary>A new, empty reminder table of the provider under test; each test gets its own. The suite starts and stops it.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync();

    public async Task InitializeAsync()
    {
        _table = await CreateTableAsync();
        await _table.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_table is not null)
        {
            await _table.StopAsync();
        }
    }

    [Fact]
    public async Task UpsertRow_NewReminder_ReadableByGrainAndByName()
    {
        var grain = NewGrainId();
        var entry = Reminder(grain, "nightly/report\\#b_a_z? é");

        var eTag = await Table.UpsertRow(entry);

        Assert.False(string.IsNullOrEmpty(eTag));
        var byName = await Table.ReadRow(grain, entry.ReminderName);
        AssertReminder(entry, eTag, byName);
        var byGrain = Assert.Single((await Table.ReadRows(grain)).Reminders);
        AssertReminder(entry, eTag, byGrain);
    }

    [Fact]
    public async Task ReadRow_UnknownReminder_ReturnsNull()
    {
        var grain = NewGrainId();
        await Table.UpsertRow(Reminder(grain, "known"));

        Assert.Null(await Table.ReadRow(grain, "unknown"));
        Assert.Null(await Table.ReadRow(NewGrainId(), "known"));
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsOnlyThatGrainsReminders()
    {
        var grain = NewGrainId();
        var other = NewGrainId();
        await Table.UpsertRow(Reminder(grain, "first"));
        await Table.UpsertRow(Reminder(grain, "second"));
        await Table.UpsertRow(Reminder(other, "first"));

        var rows = (await Table.ReadRows(grain)).Reminders;

        Assert.Equal(["first", "second"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
        Assert.Empty((await Table.ReadRows(NewGrainId())).Reminders);
    }

    [Fact]
    public async Task UpsertRow_ExistingReminder_ReplacesItAndChangesETag()
    {
        var grain = NewGrainId();
        var first = await Table.UpsertRow(Reminder(grain, "tick"));
        var changed = Reminder(grain, "tick");
        changed.StartAt = StartAt.AddHours(1);
        changed.Period = TimeSpan.FromMinutes(15);
        changed.ETag = "not-the-stored-etag";  // an upsert writes whatever the stored ETag

        var second = await Table.UpsertRow(changed);

        Assert.False(string.IsNullOrEmpty(second));
        Assert.NotEqual(first, second);
        var row = Assert.Single((await Table.ReadRows(grain)).Reminders);
        AssertReminder(changed, second, row);
    }

    [Fact]
    public async Task UpsertRow_ConcurrentWritesOfOneReminder_EachGetsDistinctETag()
    {
        var grain = NewGrainId();

        var eTags = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
        {
            var entry = Reminder(grain, "contended");
            entry.StartAt = StartAt.AddSeconds(i);
            return Table.UpsertRow(entry);
        }));

        Assert.Equal(eTags.Length, eTags.Distinct().Count());
        var row = Assert.Single((await Table.ReadRows(grain)).Reminders);
        Assert.Contains(row.ETag, eTags);
    }

    [Fact]
    public async Task UpsertRow_UnspecifiedKindStartAt_ReadBackAsUtc()
    {
        var grain = NewGrainId();
        var entry = Reminder(grain, "unspecified");
        entry.StartAt = DateTime.SpecifyKind(StartAt, DateTimeKind.Unspecified);

        await Table.UpsertRow(entry);

        var row = await Table.ReadRow(grain, "unspecified");
        Assert.NotNull(row);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(StartAt, row.StartAt);
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsRow()
    {
        var grain = NewGrainId();
        var stale = await Table.UpsertRow(Reminder(grain, "tick"));
        var current = await Table.UpsertRow(Reminder(grain, "tick"));

        Assert.False(await Table.RemoveRow(grain, "tick", stale!));

        var row = await Table.ReadRow(grain, "tick");
        Assert.NotNull(row);
        Assert.Equal(current, row.ETag);
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_RemovesOnlyThatRow()
    {
        var grain = NewGrainId();
        var eTag = await Table.UpsertRow(Reminder(grain, "tick"));
        await Table.UpsertRow(Reminder(grain, "other"));

        Assert.True(await Table.RemoveRow(grain, "tick", eTag!));

        Assert.Null(await Table.ReadRow(grain, "tick"));
        Assert.Equal("other", Assert.Single((await Table.ReadRows(grain)).Reminders).ReminderName);
        Assert.False(await Table.RemoveRow(grain, "tick", eTag!));
    }

    [Fact]
    public async Task RemoveRow_UnknownReminder_ReturnsFalse()
    {
        var grain = NewGrainId();
        var eTag = await Table.UpsertRow(Reminder(grain, "tick"));

        Assert.False(await Table.RemoveRow(grain, "unknown", eTag!));
        Assert.False(await Table.RemoveRow(NewGrainId(), "tick", eTag!));
        Assert.NotNull(await Table.ReadRow(grain, "tick"));
    }

    [Fact]
    public async Task TestOnlyClearTable_WithRows_LeavesTableEmpty()
    {
        var grain = NewGrainId();
        await Table.UpsertRow(Reminder(grain, "a"));
        await Table.UpsertRow(Reminder(NewGrainId(), "b"));

        await Table.TestOnlyClearTable();

        Assert.Empty((await Table.ReadRows(grain)).Reminders);
        Assert.Empty((await Table.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task ReadRows_RangeBounds_ExcludeBeginAndIncludeEnd()
    {
        var (low, middle, high) = await ThreeGrainsAsync();
        var (l, m, h) = (low.GetUniformHashCode(), middle.GetUniformHashCode(), high.GetUniformHashCode());

        Assert.Equal([middle, high], await GrainsInRangeAsync(l, h));
        Assert.Equal([low, middle], await GrainsInRangeAsync(l - 1, m));
        Assert.Equal([low], await GrainsInRangeAsync(l - 1, l));
        Assert.Empty(await GrainsInRangeAsync(l, m - 1));
        Assert.Equal([middle], await GrainsInRangeAsync(m - 1, m));
    }

    [Fact]
    public async Task ReadRows_WrappingRange_ReturnsBothEndsOfRing()
    {
        var (low, middle, high) = await ThreeGrainsAsync();
        var (l, m, h) = (low.GetUniformHashCode(), middle.GetUniformHashCode(), high.GetUniformHashCode());

        Assert.Equal([low, high], await GrainsInRangeAsync(m, l));
        Assert.Equal([low, middle], await GrainsInRangeAsync(h, m));
        Assert.Equal([high], await GrainsInRangeAsync(m, l - 1));
        Assert.Equal([low, middle, high], await GrainsInRangeAsync(h - 1, h - 2));
    }

    [Fact]
    public async Task ReadRows_EqualBounds_ReturnsWholeRing()
    {
        var (low, middle, high) = await ThreeGrainsAsync();

        Assert.Equal([low, middle, high], await GrainsInRangeAsync(0, 0));
        Assert.Equal([low, middle, high], await GrainsInRangeAsync(middle.GetUniformHashCode(), middle.GetUniformHashCode()));
        Assert.Equal([low, middle, high], await GrainsInRangeAsync(uint.MaxValue, uint.MaxValue));
    }

    [Fact]
    public async Task ReadRows_HashesAboveSignedMaximum_OrderedAsUnsigned()
    {
        var below = GrainWithHash(h => h is > 0 and <= int.MaxValue);
        var above = GrainWithHash(h => h > int.MaxValue);
        await Table.UpsertRow(Reminder(below, "tick"));
        await Table.UpsertRow(Reminder(above, "tick"));

        Assert.Equal([above], await GrainsInRangeAsync(int.MaxValue, uint.MaxValue));
        Assert.Equal([below], await GrainsInRangeAsync(0, int.MaxValue));
        Assert.Equal([below], await GrainsInRangeAsync(uint.MaxValue, int.MaxValue));
        Assert.Equal([below, above], await GrainsInRangeAsync(0, uint.MaxValue));
    }

    [Theory]
    [InlineData(0u, 8)]
    [InlineData(0x9E3779B9u, 8)]
    [InlineData(0x7FFFFFFFu, 3)]
    public async Task ReadRows_EqualPartsOfRing_ReturnEachReminderExactlyOnce(uint offset, int parts)
    {
        var all = await ManyRemindersAsync();
        var cuts = Enumerable.Range(0, parts).Select(i => unchecked(offset + (uint)((1L << 32) * i / parts))).ToArray();

        await AssertPartitionAsync(cuts, all);
    }

    [Fact]
    public async Task ReadRows_PartsCutAtStoredHashes_ReturnEachReminderExactlyOnce()
    {
        var all = await ManyRemindersAsync();
        var random = new Random(20240611);
        var cuts = all.Select(r => r.GrainId.GetUniformHashCode()).Distinct().OrderBy(_ => random.Next()).Take(12).Order().ToArray();

        await AssertPartitionAsync(cuts, all);
    }

    /// <summary>A grain id with a key that needs escaping in most formats.</summary>
    protected static GrainId NewGrainId() => GrainId.Create("reminder-test", $"{Guid.NewGuid():N}/key#with?odd\\chars");

    protected static ReminderEntry Reminder(GrainId grainId, string name) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = StartAt,
        Period = Period,
    };

    private static GrainId GrainWithHash(Func<uint, bool> accept)
    {
        while (true)
        {
            var grain = NewGrainId();
            if (accept(grain.GetUniformHashCode()))
            {
                return grain;
            }
        }
    }

    private static void AssertReminder(ReminderEntry expected, string? expectedETag, ReminderEntry? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GrainId, actual.GrainId);
        Assert.Equal(expected.ReminderName, actual.ReminderName);
        Assert.Equal(expected.StartAt, actual.StartAt);
        Assert.Equal(DateTimeKind.Utc, actual.StartAt.Kind);
        Assert.Equal(expected.Period, actual.Period);
        Assert.Equal(expectedETag, actual.ETag);
    }

    /// <summary>Three grains with one reminder each, by ascending hash, well inside the ring so that hash ± 2 stays in order.</summary>
    private async Task<(GrainId Low, GrainId Middle, GrainId High)> ThreeGrainsAsync()
    {
        var low = GrainWithHash(h => h is > 0x1000_0000 and < 0x5000_0000);
        var middle = GrainWithHash(h => h is > 0x6000_0000 and < 0xA000_0000);
        var high = GrainWithHash(h => h is > 0xB000_0000 and < 0xF000_0000);
        foreach (var grain in new[] { low, middle, high })
        {
            await Table.UpsertRow(Reminder(grain, "tick"));
        }

        return (low, middle, high);
    }

    /// <summary>The grains with reminders in (begin, end], one entry per reminder, ordered as the ring is from zero.</summary>
    private async Task<GrainId[]> GrainsInRangeAsync(uint begin, uint end)
    {
        var rows = (await Table.ReadRows(begin, end)).Reminders;
        return [.. rows.OrderBy(r => r.GrainId.GetUniformHashCode()).Select(r => r.GrainId)];
    }

    /// <summary>300 grains, every other one with two reminders.</summary>
    private async Task<ReminderEntry[]> ManyRemindersAsync()
    {
        var entries = Enumerable.Range(0, 300)
            .SelectMany(i =>
            {
                var grain = NewGrainId();
                return i % 2 == 0 ? new[] { Reminder(grain, "a") } : [Reminder(grain, "a"), Reminder(grain, "b")];
            })
            .ToArray();
        foreach (var batch in entries.Chunk(50))
        {
            await Task.WhenAll(batch.Select(e => Table.UpsertRow(e)));
        }

        return entries;
    }

    /// <summary>Reads the ranges between consecutive <paramref name="cuts"/> (in ring order), the last one back to the first cut.</summary>
    private async Task AssertPartitionAsync(uint[] cuts, ReminderEntry[] all)
    {
        var seen = new List<(GrainId, string)>();
        for (var i = 0; i < cuts.Length; i++)
        {
            var (begin, end) = (cuts[i], cuts[(i + 1) % cuts.Length]);
            foreach (var row in (await Table.ReadRows(begin, end)).Reminders)
            {
                Assert.True(InRange(row.GrainId.GetUniformHashCode(), begin, end), $"{row} was read in range ({begin}, {end}].");
                seen.Add((row.GrainId, row.ReminderName));
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(all.Select(e => (e.GrainId, e.ReminderName)).ToHashSet(), seen.ToHashSet());
    }

    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
