namespace OrleansFlows.Contracts.Workflows;

/// <summary>One problem in a workflow definition.</summary>
/// <param name="Path">Where it is, as a JSON path such as <c>$.steps[2].retry.maxAttempts</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowProblem")]
public sealed record WorkflowProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
