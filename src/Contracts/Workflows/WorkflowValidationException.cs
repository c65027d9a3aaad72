namespace OrleansFlows.Contracts.Workflows;

/// <summary>A workflow definition was refused; <see cref="Problems"/> lists every problem found.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowValidationException")]
public sealed class WorkflowValidationException(IReadOnlyList<WorkflowProblem> problems)
    : Exception(FormatMessage(problems))
{
    /// <summary>Every problem, each with its JSON path.</summary>
    [Id(0)]
    public IReadOnlyList<WorkflowProblem> Problems { get; private set; } = problems;

    private static string FormatMessage(IReadOnlyList<WorkflowProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var count = problems.Count == 1 ? "1 problem" : $"{problems.Count} problems";
        return $"The workflow definition is invalid ({count}):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}";
    }
}
