using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class ExpressionBudgetTests
{
    [Fact]
    public void Check_WithinLimits_DoesNotThrow()
    {
        var budget = Started(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1) });

        budget.Check();
    }

    [Fact]
    public void Check_AfterAbandon_ThrowsTimeout()
    {
        var budget = Started(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1) });

        budget.Abandon();

        var exception = Assert.Throws<ExpressionFailureException>(budget.Check);
        Assert.Equal(ExpressionErrorKind.Timeout, exception.Kind);
        Assert.Equal("timed out after 60000 ms (ExpressionOptions.Timeout)", exception.Message);
    }

    [Fact]
    public void OnStatement_OverMaxStatements_ThrowsStatementLimit()
    {
        var budget = Started(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1), MaxStatements = 2 });
        budget.OnStatement();
        budget.OnStatement();

        var exception = Assert.Throws<ExpressionFailureException>(budget.OnStatement);

        Assert.Equal(ExpressionErrorKind.StatementLimit, exception.Kind);
    }

    [Fact]
    public void Check_AllocationOverLimit_ThrowsMemoryLimit()
    {
        var budget = Started(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1), MaxAllocatedBytes = 1024 * 1024 });
        GC.KeepAlive(new byte[2 * 1024 * 1024]);

        var exception = Assert.Throws<ExpressionFailureException>(budget.Check);

        Assert.Equal(ExpressionErrorKind.MemoryLimit, exception.Kind);
    }

    [Theory]
    [InlineData(100, 100, true)]
    [InlineData(101, 100, false)]
    public void CheckStringLength_AgainstLimit_ThrowsOnlyOver(int length, int limit, bool allowed)
    {
        var budget = Started(new ExpressionOptions { MaxStringLength = limit });

        var exception = Record.Exception(() => budget.CheckStringLength(length, "test"));

        Assert.Equal(allowed, exception is null);
    }

    private static ExpressionBudget Started(ExpressionOptions options)
    {
        var budget = new ExpressionBudget(options);
        budget.EnterThread();
        budget.BeginScript();
        return budget;
    }
}
