using System.Runtime.CompilerServices;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>
/// Pooled sandbox threads outlive the call that started them, so they must not run in that call's execution context:
/// it would carry one call's async-local state into later calls and keep what it refers to (its host) alive.
/// </summary>
public sealed class SandboxThreadPoolTests
{
    private static readonly AsyncLocal<string?> CallerState = new();
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void Run_CallerHasAsyncLocalState_BodyOnANewOrReusedThreadDoesNotSeeIt()
    {
        var pool = new SandboxThreadPool();

        CallerState.Value = "first caller";
        var seenByFirst = RunAndRead(pool);
        CallerState.Value = "second caller";
        var seenBySecond = RunAndRead(pool);

        Assert.Null(seenByFirst);
        Assert.Null(seenBySecond);
    }

    [Fact]
    public async Task Run_BodyDone_TheIdleThreadKeepsNothingOfIt()
    {
        var pool = new SandboxThreadPool();

        var state = RunHolding(pool);
        while (pool.Idle == 0)
        {
            await Task.Delay(10).WaitAsync(Generous);
        }

        for (var pass = 0; pass < 5 && state.IsAlive; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(state.IsAlive, "the idle sandbox thread still holds what its last body referred to");
    }

    // Not inlined, so only the body refers to the state it holds.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunHolding(SandboxThreadPool pool)
    {
        var state = new object();
        using var done = new ManualResetEventSlim();
        pool.Run(() =>
        {
            GC.KeepAlive(state);
            done.Set();
        });
        Assert.True(done.Wait(Generous), "the body did not run");
        return new WeakReference(state);
    }

    private static string? RunAndRead(SandboxThreadPool pool)
    {
        string? seen = "not run";
        using var done = new ManualResetEventSlim();
        pool.Run(() =>
        {
            seen = CallerState.Value;
            done.Set();
        });
        Assert.True(done.Wait(Generous), "the body did not run");
        return seen;
    }
}
