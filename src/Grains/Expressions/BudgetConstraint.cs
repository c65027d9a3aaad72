using Jint;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Puts the current call's <see cref="ExpressionBudget"/> in front of every statement a pooled engine runs: statements,
/// time, stack depth and allocation, counted across every expression of the call (all holes of a template share one
/// budget, while Jint's own constraints start again at each script).
/// </summary>
internal sealed class BudgetConstraint : Constraint
{
    private ExpressionBudget? _budget;

    /// <summary>The budget of the call running on the engine; a script never runs without one.</summary>
    public ExpressionBudget Budget => _budget ?? throw new InvalidOperationException("No expression call is running on this engine.");

    /// <summary>Counts statements, so it must run before every one of them.</summary>
    public override bool IsAmortizable => false;

    public void Attach(ExpressionBudget budget) => _budget = budget;

    public void Detach() => _budget = null;

    public override void Check() => _budget?.OnStatement();

    // Jint resets its constraints at the start of each script; the budget spans the whole call, so nothing resets here.
    public override void Reset()
    {
    }
}
