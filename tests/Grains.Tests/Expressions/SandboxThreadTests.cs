using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class SandboxThreadTests
{
    [Fact]
    public void Run_WorkThrows_RethrowsOnCaller()
    {
        var budget = new ExpressionBudget(new ExpressionOptions());

        var exception = Assert.Throws<InvalidOperationException>(() => SandboxThread.Run<int>(budget, () => throw new InvalidOperationException("inside")));

        Assert.Equal("inside", exception.Message);
    }

    [Fact]
    public void Run_WorkNeverReturns_ThrowsTimeoutAndStopsWorkAtNextCheck()
    {
        var budget = new ExpressionBudget(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(1) });
        using var release = new ManualResetEventSlim();
        using var checkedAfterRelease = new ManualResetEventSlim();
        Exception? seenByWork = null;

        var exception = Assert.Throws<ExpressionFailureException>(() => SandboxThread.Run(budget, () =>
        {
            // Stands in for a built-in call that doesn't return.
            release.Wait();
            seenByWork = Record.Exception(budget.Check);
            checkedAfterRelease.Set();
            return 0;
        }));
        release.Set();

        Assert.Equal(ExpressionErrorKind.Timeout, exception.Kind);
        Assert.True(checkedAfterRelease.Wait(TimeSpan.FromSeconds(10)), "The abandoned work did not reach its next check.");
        Assert.Equal(ExpressionErrorKind.Timeout, Assert.IsType<ExpressionFailureException>(seenByWork).Kind);
    }
}
