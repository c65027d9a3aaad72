using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrleansFlows.Grains.Queues;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// A tenant-defined workflow: the schema of the lead payload and the steps each lead runs.
/// Built by <see cref="WorkflowDefinitionParser"/> and stored as <see cref="WorkflowDefinitionSerializer.ToJson"/>.
/// </summary>
/// <param name="Input">A JSON Schema (draft-07) that every submitted payload must satisfy.</param>
/// <param name="Steps">The top-level steps, run in order; at least one.</param>
/// <param name="Trigger">A queue whose messages start leads, or null (leads come from the API and webhooks only).</param>
public sealed record WorkflowDefinition(
    [property: JsonPropertyName("input")] JsonObject Input,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepDefinition> Steps,
    [property: JsonPropertyName("trigger"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QueueTrigger? Trigger = null)
{
    /// <summary>
    /// Every step of the tree, depth first in document order, with its JSON path such as
    /// <c>$.steps[2].cases[0].steps[1]</c>, <c>$.steps[2].else[0]</c> or <c>$.steps[3].branches[1][0]</c>.
    /// </summary>
    public IEnumerable<LocatedStep> Walk() => WalkList(Steps, "$.steps");

    /// <summary>The step with this id anywhere in the tree, or null.</summary>
    public StepDefinition? FindStep(string id) =>
        Walk().FirstOrDefault(located => string.Equals(located.Step.Id, id, StringComparison.Ordinal))?.Step;

    private static IEnumerable<LocatedStep> WalkList(IReadOnlyList<StepDefinition> steps, string path)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var stepPath = JsonPath.Index(path, i);
            yield return new LocatedStep(stepPath, steps[i]);
            foreach (var nested in WalkChildren(steps[i], stepPath))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<LocatedStep> WalkChildren(StepDefinition step, string path) => step switch
    {
        BranchStep branch => branch.Cases
            .SelectMany((branchCase, i) => WalkList(branchCase.Steps, $"{JsonPath.Index(path + ".cases", i)}.steps"))
            .Concat(WalkList(branch.Else, path + ".else")),
        ParallelStep parallel => parallel.Branches
            .SelectMany((steps, i) => WalkList(steps, JsonPath.Index(path + ".branches", i))),
        _ => [],
    };
}
