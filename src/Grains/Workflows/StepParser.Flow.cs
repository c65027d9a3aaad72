using System.Text.Json;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>The steps that hold other steps: <c>branch</c> and <c>parallel</c>.</summary>
internal sealed partial class StepParser
{
    private static readonly string[] BranchFields = ["id", "kind", "cases", "else"];
    private static readonly string[] CaseFields = ["when", "steps"];
    private static readonly string[] ParallelFields = ["id", "kind", "branches"];

    private BranchStep? ReadBranch(string id, JsonFields fields, int depth)
    {
        fields.RejectUnknown(BranchFields, Owner(StepKinds.Branch));
        var cases = ReadCases(fields, depth);
        var otherwise = ReadStepList(fields, "else", depth + 1, allowEmpty: true);
        return cases is null || otherwise is null ? null : new BranchStep(id, cases, otherwise);
    }

    private IReadOnlyList<BranchCase>? ReadCases(JsonFields fields, int depth)
    {
        if (!fields.TryGet("cases", out var value))
        {
            fields.Report("cases", "'cases' is required: a non-empty array of {\"when\": expression, \"steps\": [...]}.");
            return null;
        }

        if (!fields.Expect("cases", value, JsonValueKind.Array))
        {
            return null;
        }

        if (value.GetArrayLength() == 0)
        {
            fields.Report("cases", "'cases' must list at least one case.");
            return null;
        }

        var cases = new List<BranchCase>();
        var valid = true;
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var branchCase = ReadCase(element, JsonPath.Index(fields.PathOf("cases"), index++), depth);
            valid &= branchCase is not null;
            if (branchCase is not null)
            {
                cases.Add(branchCase);
            }
        }

        return valid ? cases.AsReadOnly() : null;
    }

    private BranchCase? ReadCase(JsonElement element, string path, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new WorkflowProblem(
                path, $"Each case must be an object with 'when' and 'steps', not {JsonFields.Describe(element.ValueKind)}."));
            return null;
        }

        var fields = new JsonFields(element, path, problems);
        fields.RejectUnknown(CaseFields, "a branch case");
        var when = fields.RequiredString("when", "an expression such as 'lead.score > 50'");
        var validWhen = when is not null && CheckExpression(fields, "when", when);
        var steps = ReadStepList(fields, "steps", depth + 1, allowEmpty: false);
        return validWhen && steps is not null ? new BranchCase(when!, steps) : null;
    }

    private ParallelStep? ReadParallel(string id, JsonFields fields, int depth)
    {
        fields.RejectUnknown(ParallelFields, Owner(StepKinds.Parallel));
        if (!fields.TryGet("branches", out var value))
        {
            fields.Report("branches", "'branches' is required: an array of at least 2 non-empty arrays of steps.");
            return null;
        }

        if (!fields.Expect("branches", value, JsonValueKind.Array))
        {
            return null;
        }

        var count = value.GetArrayLength();
        var valid = count >= 2;
        if (!valid)
        {
            fields.Report("branches", $"'branches' has {count} {(count == 1 ? "branch" : "branches")}; a parallel step needs at least 2.");
        }

        var branches = new List<IReadOnlyList<StepDefinition>>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var path = JsonPath.Index(fields.PathOf("branches"), index++);
            if (element.ValueKind != JsonValueKind.Array)
            {
                valid = false;
                problems.Add(new WorkflowProblem(
                    path, $"Each branch must be an array of steps, not {JsonFields.Describe(element.ValueKind)}."));
            }
            else if (element.GetArrayLength() == 0)
            {
                valid = false;
                problems.Add(new WorkflowProblem(path, "Each branch must list at least one step."));
            }
            else
            {
                branches.Add(ReadSteps(element, path, depth + 1));
            }
        }

        return valid ? new ParallelStep(id, branches.AsReadOnly()) : null;
    }
}
