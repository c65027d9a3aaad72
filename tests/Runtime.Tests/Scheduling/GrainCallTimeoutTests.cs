using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Scheduling;

public sealed class GrainCallTimeoutTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Call_LongerThanResponseTimeout_ThrowsGrainCallTimeoutExceptionNamingGrainMethodAndLimit()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithShortTimeoutAsync(store);
        var key = Guid.NewGuid().ToString("N");

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => silo.Grain<IProbeGrain>(key).WriteAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(
            $"Call to test-probe/{key} IProbeGrain.WriteAsync timed out after 00:00:00.3000000 " +
            $"(call chain: test-probe/{key} IProbeGrain.WriteAsync). It may still complete; retry only if the operation is idempotent.",
            exception.Message);
        Assert.IsAssignableFrom<TimeoutException>(exception);
    }

    [Fact]
    public async Task Call_QueuedBehindSlowTurn_TimesOutCountingTimeInQueue()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithShortTimeoutAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<IProbeGrain>(key);

        var slow = grain.WriteAsync(TimeSpan.FromSeconds(5));
        var queued = grain.EchoAsync("queued");

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
        Assert.StartsWith($"Call to test-probe/{key} IProbeGrain.EchoAsync timed out after 00:00:00.3000000", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => slow);
    }

    [Fact]
    public void ResponseTimeout_Default_IsThirtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new GrainCallOptions().ResponseTimeout);
    }

    private static Task<TestSilo> StartWithShortTimeoutAsync(TestStore store) =>
        TestSilo.StartAsync(store, services => services.Configure<GrainCallOptions>(o => o.ResponseTimeout = ShortTimeout));
}
