namespace OrleansFlows.Contracts.Queries;

/// <summary>A workflow's step attempts started in a window, per step, in the order the steps first ran.</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="From">The window's start (inclusive).</param>
/// <param name="To">The window's end (exclusive).</param>
/// <param name="Steps">One entry per step with attempts in the window.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowStats")]
public sealed record WorkflowStats(string Workflow, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StepStats> Steps);
