using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>
/// One tenant's heavy expressions (each runs to its statement limit) don't hold up another tenant's, through the
/// evaluator's public calls. Asserts on order, not speed: timed targets are in bench/ (<c>expressions</c>).
/// </summary>
public sealed class ExpressionFairnessTests
{
    private const string Heavy = "(function () { while (true) {} })()";
    private static readonly TenantId A = TenantId.Parse("tenant-heavy");
    private static readonly TenantId B = TenantId.Parse("tenant-light");

    [Fact]
    public async Task EvaluateAsync_TenantFloodsHeavyExpressions_OtherTenantCompletesBeforeMostOfTheFlood()
    {
        var evaluator = Evaluator();
        // A's first call holds its worker until the gate opens, so the rest of its flood stays queued however fast a
        // heavy call runs.
        using var gate = new ManualResetEventSlim();
        var holder = evaluator.Workers.RunAsync(A, new QueuedExpression(new ExpressionBudget(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1) }), () => gate.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None));
        var flood = Enumerable.Range(0, 11).Select(_ => Settle(evaluator.EvaluateAsync(A, Heavy, ExpressionTestData.Scope))).ToList();

        // A's share is one worker: the rest of its flood waits in its own queue and leaves the other worker free.
        Assert.Equal(1, evaluator.Workers.Busy);
        Assert.Equal(11, evaluator.Workers.Queued);

        var light = await evaluator.EvaluateAsync(B, "input.name + '!'", ExpressionTestData.Scope).WaitAsync(TimeSpan.FromSeconds(30));

        // B's call took the other worker at once; without the tenant share it would queue behind all of A's.
        Assert.Equal("Ada!", light!.GetValue<string>());
        Assert.Equal(0, flood.Count(t => t.IsCompleted));
        gate.Set();
        await holder.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(await Task.WhenAll(flood).WaitAsync(TimeSpan.FromMinutes(2)), kind => Assert.Equal(ExpressionErrorKind.StatementLimit, kind));
    }

    /// <summary>A heavy call queued for twice its wall-clock limit still runs its full statement budget.</summary>
    [Fact]
    public async Task EvaluateAsync_QueuedLongerThanTimeout_StoppedByStatementLimitNotTimeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var evaluator = Evaluator(o =>
        {
            o.Workers = 1;
            o.Timeout = timeout;
            o.MaxStatements = 1_000;
        });
        Assert.Equal(ExpressionErrorKind.StatementLimit, await Settle(evaluator.EvaluateAsync(B, Heavy, ExpressionTestData.Scope)));
        using var gate = new ManualResetEventSlim();
        var holder = evaluator.Workers.RunAsync(A, new QueuedExpression(new ExpressionBudget(new ExpressionOptions { Timeout = TimeSpan.FromMinutes(1) }), () => gate.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None));

        var queued = Settle(evaluator.EvaluateAsync(B, Heavy, ExpressionTestData.Scope));
        var held = System.Diagnostics.Stopwatch.StartNew();
        while (held.Elapsed < 2 * timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.False(queued.IsCompleted);
        gate.Set();

        Assert.Equal(ExpressionErrorKind.StatementLimit, await queued.WaitAsync(TimeSpan.FromSeconds(30)));
        await holder.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static ExpressionEvaluator Evaluator(Action<ExpressionOptions>? configure = null) => ExpressionTestData.Create(o =>
    {
        o.Workers = 2;
        o.MaxWorkersPerTenant = 1;
        o.MaxStatements = 5_000;
        configure?.Invoke(o);
        o.MaxWorkersPerTenant = Math.Min(o.MaxWorkersPerTenant, o.Workers);
    });

    private static async Task<ExpressionErrorKind?> Settle(Task<System.Text.Json.Nodes.JsonNode?> call)
    {
        try
        {
            await call;
            return null;
        }
        catch (ExpressionException exception)
        {
            return exception.Kind;
        }
    }
}
