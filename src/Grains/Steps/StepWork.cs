using System.Diagnostics;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>One attempt of a step, handed by a lead to the silo's step executor.</summary>
/// <param name="Lead">The lead.</param>
/// <param name="Workflow">The workflow name.</param>
/// <param name="Step">The step definition.</param>
/// <param name="Attempt">The attempt number; with the lead and step it makes the idempotency key.</param>
/// <param name="Data">The run data at the start of the attempt.</param>
public sealed record StepWork(LeadKey Lead, string Workflow, StepDefinition Step, int Attempt, ExpressionScope Data)
{
    /// <summary>
    /// Whether the attempt continues a lead that has already run a step (a next step, a retry, a resumed attempt):
    /// the executor runs it ahead of its tenant's first steps of new leads, so leads under way finish first.
    /// </summary>
    public bool ContinuesLead { get; init; }

    /// <summary>The span the attempt's span is a child of: in its lead's trace, whichever silo runs it.</summary>
    public ActivityContext TraceParent { get; init; }

    /// <summary>The idempotency key every outbound call of this attempt carries.</summary>
    public string IdempotencyKey => StepIdempotency.Key(Lead, Step.Id, Attempt);
}
