namespace OrleansFlows.Contracts.Queries;

/// <summary>One step's attempts over a window.</summary>
/// <param name="Step">The step id.</param>
/// <param name="Kind">The step's kind.</param>
/// <param name="Attempts">Attempts started in the window.</param>
/// <param name="Succeeded">Of those, the attempts that succeeded.</param>
/// <param name="Failed">Of those, the attempts that failed.</param>
/// <param name="SuccessRate">Succeeded divided by attempts (an attempt still running has not succeeded).</param>
/// <param name="MedianMs">The median duration of the finished attempts in milliseconds; null when none finished.</param>
/// <param name="Running">Of those, the attempts still running.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.StepStats")]
public sealed record StepStats(string Step, string Kind, long Attempts, long Succeeded, long Failed, double SuccessRate, double? MedianMs, long Running);
