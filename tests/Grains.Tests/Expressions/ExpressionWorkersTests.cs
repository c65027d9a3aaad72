using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>How the expression workers are shared between tenants: structure (who starts before whom), not speed.</summary>
public sealed class ExpressionWorkersTests
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_TenantFloodsTheOnlyWorker_OtherTenantStartsNextNotAfterTheFlood()
    {
        var workers = new ExpressionWorkers(new ExpressionOptions { Workers = 1, MaxWorkersPerTenant = 1 });
        var started = new ConcurrentQueue<string>();
        using var gate = new ManualResetEventSlim();
        var first = workers.RunAsync(A, Call(() => { started.Enqueue("a0"); gate.Wait(); }));
        var flood = Enumerable.Range(1, 20).Select(i => workers.RunAsync(A, Call(() => started.Enqueue($"a{i}")))).ToList();
        var light = workers.RunAsync(B, Call(() => started.Enqueue("b")));

        gate.Set();
        await Task.WhenAll([first, light, .. flood]).WaitAsync(Generous);

        // B's one call waited for the worker A held, then went ahead of all 20 of A's queued calls: A, at its share,
        // was not in line when B queued.
        Assert.Equal(["a0", "b", "a1"], started.Take(3));
        Assert.Equal(22, started.Count);
    }

    [Fact]
    public async Task RunAsync_TenantAtItsShare_OtherTenantTakesTheFreeWorker()
    {
        var workers = new ExpressionWorkers(new ExpressionOptions { Workers = 2, MaxWorkersPerTenant = 1 });
        using var gate = new ManualResetEventSlim();
        var heldByA = workers.RunAsync(A, Call(gate.Wait));
        var floodRan = 0;
        var flood = Enumerable.Range(0, 10).Select(_ => workers.RunAsync(A, Call(() => Interlocked.Increment(ref floodRan)))).ToList();

        // A holds its one worker; B completes on the other while all of A's flood is still queued.
        await workers.RunAsync(B, Call(() => { })).WaitAsync(Generous);

        Assert.Equal(0, Volatile.Read(ref floodRan));
        Assert.Equal(10, workers.Queued);
        gate.Set();
        await Task.WhenAll([heldByA, .. flood]).WaitAsync(Generous);
        Assert.Equal(10, floodRan);
        Assert.Equal(0, workers.Busy);
    }

    [Fact]
    public async Task RunAsync_TenantQueueFull_RefusesWithBusyNamingTheSetting()
    {
        var workers = new ExpressionWorkers(new ExpressionOptions { Workers = 1, MaxWorkersPerTenant = 1, MaxQueuedPerTenant = 2 });
        using var gate = new ManualResetEventSlim();
        var running = workers.RunAsync(A, Call(gate.Wait));
        var queued = new[] { workers.RunAsync(A, Call(() => { })), workers.RunAsync(A, Call(() => { })) };

        var refused = await Assert.ThrowsAsync<ExpressionFailureException>(() => workers.RunAsync(A, Call(() => { })));
        var otherTenant = workers.RunAsync(B, Call(() => { }));

        Assert.Equal(ExpressionErrorKind.Busy, refused.Kind);
        Assert.Equal("tenant 'tenant-a' already has 2 expression calls waiting for a worker; try again later (ExpressionOptions.MaxQueuedPerTenant)", refused.Message);
        gate.Set();
        await Task.WhenAll([running, otherTenant, .. queued]).WaitAsync(Generous);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileQueued_NeverRuns()
    {
        var workers = new ExpressionWorkers(new ExpressionOptions { Workers = 1, MaxWorkersPerTenant = 1 });
        using var gate = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var running = workers.RunAsync(A, Call(gate.Wait));
        var ran = false;
        var queued = workers.RunAsync(A, Call(() => ran = true, cancel.Token));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Generous));
        gate.Set();
        await running.WaitAsync(Generous);
        await workers.RunAsync(A, Call(() => { })).WaitAsync(Generous);
        Assert.False(ran);
    }

    /// <summary>The budget's clock starts when the call gets its worker: a call queued longer than its timeout still runs.</summary>
    [Fact]
    public async Task RunAsync_QueuedLongerThanTimeout_TimeQueuedDoesNotCount()
    {
        var workers = new ExpressionWorkers(new ExpressionOptions { Workers = 1, MaxWorkersPerTenant = 1 });
        using var gate = new ManualResetEventSlim();
        var running = workers.RunAsync(A, Call(gate.Wait));
        var budget = new ExpressionBudget(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(50) });
        var queued = workers.RunAsync(B, new QueuedExpression(budget, () => { budget.Check(); return "checked"; }, CancellationToken.None));

        // Held until the queued call's whole timeout has passed on the wall clock.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMilliseconds(200))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        gate.Set();

        Assert.Equal("checked", await queued.WaitAsync(Generous));
        await running.WaitAsync(Generous);
    }

    /// <summary>A call stuck in one built-in: its caller gets a timeout at the hard deadline, and its worker stays taken until the thread really stops.</summary>
    [Fact]
    public async Task RunAsync_WorkNeverReturns_CallerTimesOutAndWorkerStaysTakenUntilItStops()
    {
        var workers = new ExpressionWorkers(new ExpressionOptions { Workers = 1, MaxWorkersPerTenant = 1 });
        using var release = new ManualResetEventSlim();
        var budget = new ExpressionBudget(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(1) });
        var stuck = workers.RunAsync(A, new QueuedExpression(budget, () => release.Wait(Generous), CancellationToken.None));

        var exception = await Assert.ThrowsAsync<ExpressionFailureException>(() => stuck.WaitAsync(Generous));

        Assert.Equal(ExpressionErrorKind.Timeout, exception.Kind);
        Assert.Equal(1, workers.Busy);
        var next = workers.RunAsync(B, Call(() => { }));
        Assert.False(next.IsCompleted);
        release.Set();
        await next.WaitAsync(Generous);
    }

    private static QueuedExpression Call(Action work, CancellationToken cancellationToken = default) =>
        new(
            new ExpressionBudget(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1) }),
            () =>
            {
                work();
                return null;
            },
            cancellationToken);
}
