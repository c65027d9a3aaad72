using System.Diagnostics;
using Npgsql;
using OrleansFlows.Cluster.Tests.Hosting;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using Xunit.Abstractions;

namespace OrleansFlows.Cluster.Tests;

/// <summary>A cluster client whose silos are all gone fails a call at once, with an error the API answers 503 for.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientUnavailableTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private TestStore? _store;
    private ProductCluster? _cluster;

    public async Task InitializeAsync()
    {
        _store = await TestStore.PostgresAsync(postgres, nameof(ClientUnavailableTests));
        _cluster = await ProductCluster.StartAsync(_store, silos: 2);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task CallThroughClient_AllSilosStopped_FailsFastWithUnavailableError()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await _cluster!.Client.GetGrain<ITenantGrain>(tenant).SetProfileAsync(new TenantProfile("Bakery", "UTC"));

        await _cluster.StopAllSilosAsync();

        // Twice: right after the last silo left, and once the client has refreshed its (now empty) gateway list.
        foreach (var pause in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(2) })
        {
            await Task.Delay(pause);
            var clock = Stopwatch.StartNew();
            var failure = await Record.ExceptionAsync(() => _cluster.Client.GetGrain<ITenantGrain>(tenant).GetAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            clock.Stop();

            Assert.NotNull(failure);
            output.WriteLine($"after {pause}: failed in {clock.Elapsed} with {failure.GetType()}: {failure.Message}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The call failed only after {clock.Elapsed} with {failure.GetType()}: {failure.Message}");
            // The exceptions that ProblemExceptionHandler answers with 503 and Retry-After.
            Assert.True(
                failure is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException,
                $"Unexpected {failure.GetType()}: {failure.Message}");
        }
    }

    [Fact]
    public async Task CallInFlight_AllSilosKilled_FailsWhenTheConnectionsCloseWithUnavailableError()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var grain = _cluster!.Client.GetGrain<ITenantGrain>(tenant);
        await grain.SetProfileAsync(new TenantProfile("Bakery", "UTC"));

        // Holds the tenant's next state write in the database, so that the call is surely in flight when the silos go.
        await using var blocker = new NpgsqlConnection(_store!.StorageSettings["OrleansFlows:Storage:PostgresConnectionString"]);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE grain_state IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var call = grain.SetProfileAsync(new TenantProfile("Bakery & Co", "UTC"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(call.IsCompleted, "The call was meant to wait on the locked table.");

        // The killed silos close their connections at once, but their hosts stop only once the blocked write lets go.
        var clock = Stopwatch.StartNew();
        var kills = Task.WhenAll(_cluster.Silos.Select(_cluster.KillAsync));
        // An in-process kill takes seconds to close the silos' gateways; without the client noticing that, the call
        // would wait out its whole response timeout (30 s).
        var failure = await Record.ExceptionAsync(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
        clock.Stop();
        await transaction.RollbackAsync();
        await kills;

        Assert.NotNull(failure);
        output.WriteLine($"failed {clock.Elapsed} after the silos were killed, with {failure.GetType()}: {failure.Message}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The call failed only {clock.Elapsed} after the silos were killed, with {failure.GetType()}: {failure.Message}");
        Assert.IsType<SiloUnavailableException>(failure);
    }
}
