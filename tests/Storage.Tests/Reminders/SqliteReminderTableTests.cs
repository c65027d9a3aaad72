using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansFlows.Storage.Tests.Reminders;

/// <summary>The reminder-table contract on the embedded SQLite store, each test on its own file in a temporary folder.</summary>
public sealed class SqliteReminderTableTests : ReminderTableContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"orleansflows-reminders-{Guid.NewGuid():N}");
    private readonly List<ServiceProvider> _providers = [];

    private string DatabasePath => Path.Combine(_folder, "data", "store.db");

    protected override async Task<IReminderTable> CreateTableAsync() => (await OpenStoreAsync()).GetRequiredService<IReminderTable>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task RemoveRow_ETagOfEarlierRegistration_ReturnsFalseAndKeepsRow()
    {
        var grain = NewGrainId();
        var earlier = await Table.UpsertRow(Reminder(grain, "tick"));
        Assert.True(await Table.RemoveRow(grain, "tick", earlier!));
        var cleared = await Table.UpsertRow(Reminder(grain, "tick"));
        await Table.TestOnlyClearTable();
        var current = await Table.UpsertRow(Reminder(grain, "tick"));

        Assert.False(await Table.RemoveRow(grain, "tick", earlier!));
        Assert.False(await Table.RemoveRow(grain, "tick", cleared!));

        Assert.Equal(current, (await Table.ReadRow(grain, "tick"))?.ETag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-version")]
    [InlineData("-1")]
    public async Task RemoveRow_ETagNotFromThisTable_ReturnsFalse(string eTag)
    {
        var grain = NewGrainId();
        await Table.UpsertRow(Reminder(grain, "tick"));

        Assert.False(await Table.RemoveRow(grain, "tick", eTag));
        Assert.NotNull(await Table.ReadRow(grain, "tick"));
    }

    [Fact]
    public async Task UpsertRow_LocalKindStartAt_StoresSameInstant()
    {
        var grain = NewGrainId();
        var entry = Reminder(grain, "local");
        var utc = entry.StartAt;
        entry.StartAt = utc.ToLocalTime();

        await Table.UpsertRow(entry);

        Assert.Equal(utc, (await Table.ReadRow(grain, "local"))?.StartAt);
    }

    [Fact]
    public async Task UpsertRow_InfinitePeriod_ReadBackUnchanged()
    {
        var grain = NewGrainId();
        var entry = Reminder(grain, "once");
        entry.Period = Timeout.InfiniteTimeSpan;

        await Table.UpsertRow(entry);

        Assert.Equal(Timeout.InfiniteTimeSpan, (await Table.ReadRow(grain, "once"))?.Period);
    }

    [Fact]
    public async Task ReadRows_AfterStoreReopened_ReturnsStoredReminders()
    {
        var grain = NewGrainId();
        var eTag = await Table.UpsertRow(Reminder(grain, "tick"));

        var reopened = (await OpenStoreAsync()).GetRequiredService<IReminderTable>();

        var row = Assert.Single((await reopened.ReadRows(grain)).Reminders);
        Assert.Equal(eTag, row.ETag);
        Assert.NotEqual(eTag, await reopened.UpsertRow(Reminder(grain, "tick")));
    }

    [Fact]
    public async Task Operations_TableDropped_ThrowStorageSchemaException()
    {
        var grain = NewGrainId();
        var eTag = await Table.UpsertRow(Reminder(grain, "tick"));

        await ExecuteAsync("DROP TABLE orleans_reminders");

        await AssertMissingTableAsync(() => Table.ReadRow(grain, "tick"));
        await AssertMissingTableAsync(() => Table.ReadRows(grain));
        await AssertMissingTableAsync(() => Table.ReadRows(0, 0));
        await AssertMissingTableAsync(() => Table.UpsertRow(Reminder(grain, "tick")));
        await AssertMissingTableAsync(() => Table.RemoveRow(grain, "tick", eTag!));
        await AssertMissingTableAsync(() => Table.TestOnlyClearTable());
    }

    [Fact]
    public async Task InitializeAsync_TableDropped_RecreatesTable()
    {
        await ExecuteAsync("DROP TABLE orleans_reminders");

        var services = await OpenStoreAsync();

        var table = services.GetRequiredService<IReminderTable>();
        var grain = NewGrainId();
        var eTag = await table.UpsertRow(Reminder(grain, "tick"));
        Assert.Equal(eTag, (await table.ReadRow(grain, "tick"))?.ETag);
    }

    [Fact]
    public async Task Reads_FolderDeleted_ThrowStorageUnavailableException()
    {
        var grain = NewGrainId();
        await Table.UpsertRow(Reminder(grain, "tick"));

        Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);
        SqliteConnection.ClearAllPools();  // pooled connections would still read the deleted file

        var byName = await Assert.ThrowsAsync<StorageUnavailableException>(() => Table.ReadRow(grain, "tick"));
        Assert.Contains("Reading reminder 'tick'", byName.Message, StringComparison.Ordinal);
        Assert.Contains(DatabasePath, byName.Message, StringComparison.Ordinal);
        Assert.False(byName.IsTransient);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Table.ReadRows(grain));
        var range = await Assert.ThrowsAsync<StorageUnavailableException>(() => Table.ReadRows(1, 2));
        Assert.Contains("hash range (1, 2]", range.Message, StringComparison.Ordinal);
    }

    private async Task<IServiceProvider> OpenStoreAsync()
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsSqliteStore(o => o.DatabasePath = DatabasePath)
            .BuildServiceProvider();
        _providers.Add(provider);
        await provider.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);
        return provider;
    }

    private async Task ExecuteAsync(string sql)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task AssertMissingTableAsync(Func<Task> operation)
    {
        var exception = await Assert.ThrowsAsync<StorageSchemaException>(operation);
        Assert.Contains("orleans_reminders", exception.Message, StringComparison.Ordinal);
        Assert.Contains(DatabasePath, exception.Message, StringComparison.Ordinal);
    }
}
