using System.Globalization;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Tests.Hosting;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Retention;

/// <summary>
/// The start-up backfill of the nightly retention job on a real store: a tenant whose store looks as an older version
/// left it (no retention state, no reminder), or whose reminder was lost, has its job again once a silo starts. The
/// SQLite and PostgreSQL subclasses only say how to create the store.
/// </summary>
public abstract class RetentionBackfillContractTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleansflows-retention-backfill-").FullName;
    private readonly TenantId _tenant = TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task SiloStart_TenantFromBeforeRetention_GetsItsNightlyJob()
    {
        await CreateTenantAsync();
        await _store.ExecuteAsync($"DELETE FROM grain_state WHERE grain_id LIKE 'retention/%{_tenant.Value}'");
        await _store.ExecuteAsync(DeleteRemindersSql);
        Assert.Equal(0L, await CountAsync(RemindersSql));
        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM grain_state WHERE grain_id LIKE 'retention/%{_tenant.Value}'"));

        await using var silo = await ProductSilo.StartAsync(_store, _dataDirectory);

        await WaitForAsync(RemindersSql, "the retention reminder");
        await WaitForAsync($"SELECT COUNT(*) FROM grain_state WHERE grain_id LIKE 'retention/%{_tenant.Value}'", "the retention state");
        var settings = await silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value).GetSettingsAsync();
        Assert.Equal("Europe/Berlin", settings.TimeZone);
        Assert.NotNull(settings.NextRunAt);
    }

    [Fact]
    public async Task SiloStart_TenantWhoseReminderWasLost_GetsItBack()
    {
        await CreateTenantAsync();
        await _store.ExecuteAsync(DeleteRemindersSql);
        Assert.Equal(0L, await CountAsync(RemindersSql));

        await using var silo = await ProductSilo.StartAsync(_store, _dataDirectory);

        await WaitForAsync(RemindersSql, "the retention reminder");
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    // The retention grain's reminder, in the reminder table of the store's kind.
    private string RemindersSql => _store.Kind == "postgres"
        ? $"SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE 'retention/%{_tenant.Value}'"
        : $"SELECT COUNT(*) FROM orleans_reminders WHERE grain_id LIKE 'retention/%{_tenant.Value}'";

    private string DeleteRemindersSql => _store.Kind == "postgres"
        ? $"DELETE FROM OrleansRemindersTable WHERE GrainId LIKE 'retention/%{_tenant.Value}'"
        : $"DELETE FROM orleans_reminders WHERE grain_id LIKE 'retention/%{_tenant.Value}'";

    /// <summary>Creates the tenant on a silo of its own, which gives it its job, and checks that it did.</summary>
    private async Task CreateTenantAsync()
    {
        await using var silo = await ProductSilo.StartAsync(_store, _dataDirectory);
        await silo.Grains.GetGrain<ITenantGrain>(_tenant.Value).SetProfileAsync(new TenantProfile("Test Bakery", "Europe/Berlin"));
        Assert.Equal(1L, await CountAsync(RemindersSql));
    }

    private async Task WaitForAsync(string countSql, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await CountAsync(countSql) > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No row of {what} within 30 s after the silo started.");
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await _store.ScalarAsync(sql), CultureInfo.InvariantCulture);
}
