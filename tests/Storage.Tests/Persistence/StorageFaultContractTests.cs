using System.Text.Json;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Persistence;

/// <summary>
/// How the runtime behaves when the store's contents or schema are damaged while a silo runs: each failure is a
/// storage error with a clear message, no call hangs, other grains keep working, and the silo recovers once repaired.
/// </summary>
public abstract class StorageFaultContractTests
{
    // A call that fails on the store must fail well within the default call timeout, never wait it out.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    /// <summary>A new, empty store of the provider under test; each test gets its own.</summary>
    protected abstract Task<TestStore> CreateStorageAsync();

    [Fact]
    public async Task Activate_WithCorruptStateRow_ThrowsCorruptStateExceptionUntilRepaired()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<ICounterGrain>(key);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grain<ICounterGrain>(key);
        await grain.AddAsync(4);
        var deactivated = silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, phase: "Deactivating before corrupting the row");
        await grain.DeactivateAsync();
        await deactivated;

        // A type mismatch rather than broken JSON, so the row is valid jsonb on PostgreSQL too.
        await store.ExecuteAsync($$"""UPDATE grain_state SET state_json = '{"count":"not a number"}' WHERE grain_id = '{{id}}'""");

        var error = await Assert.ThrowsAsync<CorruptStateException>(() => grain.GetAsync().WaitAsync(Prompt));
        Assert.StartsWith($"State 'state' of {id} (stored version 1) can't be read as {nameof(CounterState)}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Repair or delete the row in grain_state; the grain stays unavailable until then.", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.ActivationFailed, id));

        // Every call tries a fresh activation and fails the same way; the rest of the silo is unaffected.
        await Assert.ThrowsAsync<CorruptStateException>(() => grain.AddAsync(1).WaitAsync(Prompt));
        Assert.Equal(1, await silo.Grain<ICounterGrain>(TestGrainIds.NewKey()).AddAsync(1));
        Assert.Equal("ok", await silo.Grain<IProbeGrain>(TestGrainIds.NewKey()).EchoAsync("ok"));

        await store.ExecuteAsync($$"""UPDATE grain_state SET state_json = '{"count":7}' WHERE grain_id = '{{id}}'""");

        Assert.Equal(7, await grain.GetAsync());
        Assert.Equal(8, await grain.AddAsync(1));
        Assert.Equal("2", await grain.GetETagAsync());
    }

    [Fact]
    public async Task Call_AfterStateTableDropped_ThrowsStorageSchemaExceptionUntilRestart()
    {
        await using var store = await CreateStorageAsync();
        var activeKey = TestGrainIds.NewKey();
        var newKey = TestGrainIds.NewKey();
        var activeId = TestGrainIds.Of<ICounterGrain>(activeKey);
        var newId = TestGrainIds.Of<ICounterGrain>(newKey);
        await using (var silo = await TestSilo.StartAsync(store))
        {
            await silo.Grain<ICounterGrain>(activeKey).AddAsync(1);

            await store.ExecuteAsync("DROP TABLE grain_state");

            var write = await Assert.ThrowsAsync<StorageSchemaException>(() => silo.Grain<ICounterGrain>(activeKey).AddAsync(1).WaitAsync(Prompt));
            Assert.StartsWith($"Writing state 'state' of {activeId} failed: a table is missing in ", write.Message, StringComparison.Ordinal);
            Assert.Contains("grain_state", write.Message, StringComparison.Ordinal);
            Assert.EndsWith("Restart the silo to recreate the schema.", write.Message, StringComparison.Ordinal);

            var read = await Assert.ThrowsAsync<StorageSchemaException>(() => silo.Grain<ICounterGrain>(newKey).GetAsync().WaitAsync(Prompt));
            Assert.StartsWith($"Reading state 'state' of {newId} failed: a table is missing in ", read.Message, StringComparison.Ordinal);

            // Grains without state don't touch the table and keep working.
            Assert.Equal("ok", await silo.Grain<IProbeGrain>(TestGrainIds.NewKey()).EchoAsync("ok"));
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            Assert.Equal(2, await silo.Grain<ICounterGrain>(newKey).AddAsync(2));
            Assert.Equal(0, await silo.Grain<ICounterGrain>(activeKey).GetAsync());
            Assert.Equal(1, await silo.Grain<ICounterGrain>(activeKey).AddAsync(1));
        }
    }

    [Fact]
    public async Task RegisterReminder_AfterReminderTableDropped_ThrowsStorageSchemaExceptionUntilRestart()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IReminderTestGrain>(key);
        await using (var silo = await TestSilo.StartAsync(store))
        {
            await store.ExecuteAsync("DROP TABLE reminders");

            var error = await Assert.ThrowsAsync<StorageSchemaException>(
                () => silo.Grain<IReminderTestGrain>(key).RegisterPeriodicAsync("r", TimeSpan.FromHours(1), TimeSpan.FromHours(1)).WaitAsync(Prompt));
            Assert.StartsWith($"Changing reminder 'r' of {id} failed: a table is missing in ", error.Message, StringComparison.Ordinal);
            Assert.Contains("reminders", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<StorageSchemaException>(() => silo.Grain<IReminderTestGrain>(key).ListAsync().WaitAsync(Prompt));
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            var grain = silo.Grain<IReminderTestGrain>(key);
            await grain.RegisterPeriodicAsync("r", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
            Assert.Equal("r", Assert.Single(await grain.ListAsync()).Name);
        }
    }
}
