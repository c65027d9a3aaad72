using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Persistence;

/// <summary>
/// PostgreSQL going away while a silo runs: calls fail promptly with <see cref="StorageUnavailableException"/> instead of
/// hanging, nothing written before is lost, and calls work again once the server is back. Uses a server of its own,
/// since it stops it.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Call_WhilePostgresDown_ThrowsStorageUnavailableExceptionAndRecoversAfterRestart()
    {
        await using var server = await PostgresServer.StartThrowawayAsync();

        // Not disposed on its own: the database goes with the server, which may be stopped when a test fails.
        var store = await TestStore.PostgresAsync(server, nameof(PostgresOutageTests));
        var activeKey = TestGrainIds.NewKey();
        var newKey = TestGrainIds.NewKey();
        var activeId = TestGrainIds.Of<ICounterGrain>(activeKey);
        var newId = TestGrainIds.Of<ICounterGrain>(newKey);
        var reminderKey = TestGrainIds.NewKey();
        var reminderId = TestGrainIds.Of<IReminderTestGrain>(reminderKey);
        await using (var silo = await TestSilo.StartAsync(store))
        {
            var active = silo.Grain<ICounterGrain>(activeKey);
            Assert.Equal(1, await active.AddAsync(1));
            Assert.Equal(2, await active.AddAsync(1));
            var ticking = silo.Events.WaitForAsync(RuntimeEvents.ReminderDelivered, reminderId, phase: "Waiting for a tick before the outage");
            await silo.Grain<IReminderTestGrain>(reminderKey).RegisterPeriodicAsync("tick", TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            await ticking;

            await server.StopAsync();

            var write = await Assert.ThrowsAsync<StorageUnavailableException>(() => active.AddAsync(1).WaitAsync(Prompt));
            Assert.StartsWith($"Writing state 'state' of {activeId} failed on PostgreSQL database '", write.Message, StringComparison.Ordinal);
            Assert.True(write.IsTransient, write.Message);
            var read = await Assert.ThrowsAsync<StorageUnavailableException>(() => silo.Grain<ICounterGrain>(newKey).GetAsync().WaitAsync(Prompt));
            Assert.StartsWith($"Reading state 'state' of {newId} failed on PostgreSQL database '", read.Message, StringComparison.Ordinal);
            Assert.True(read.IsTransient, read.Message);

            await server.StartAsync();

            // The reminder service outlived the failed polls: the reminder fires again.
            var ticksAfterOutage = silo.Events.WaitForAsync(
                RuntimeEvents.ReminderDelivered, reminderId, silo.Events.Count(RuntimeEvents.ReminderDelivered, reminderId) + 2, phase: "Waiting for ticks after the outage");

            // The failed write changed only the activation's memory; reloading shows what the store kept.
            Assert.Equal(2, await active.ReloadAsync());
            Assert.Equal(3, await active.AddAsync(1));
            Assert.Equal(5, await silo.Grain<ICounterGrain>(newKey).AddAsync(5));
            var stored = await silo.Services.GetRequiredService<IGrainStorage>().ReadAsync(activeId, "state", CancellationToken.None);
            Assert.Equal(3, stored!.Version);
            using var json = JsonDocument.Parse(stored.Json!);
            Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
            await ticksAfterOutage;
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            Assert.Equal(3, await silo.Grain<ICounterGrain>(activeKey).GetAsync());
            Assert.Equal(5, await silo.Grain<ICounterGrain>(newKey).GetAsync());
        }
    }
}
