using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Leads;

/// <summary>How a successful attempt's output changes a step's progress.</summary>
internal static class StepOutputs
{
    /// <summary>The output property in which a branch step reports its chosen case (-1 for <c>else</c>).</summary>
    public const string ChosenCaseProperty = "case";

    public static void Apply(StepDefinition step, StepRunState progress, string? outputJson, int maxBytes, LeadState lead, DateTimeOffset now)
    {
        progress.LastError = null;
        var output = Parse(outputJson, maxBytes);
        if (step is BranchStep)
        {
            // A branch stays running while its chosen case runs; LeadRun finishes it afterwards.
            progress.ChosenCase = output?[ChosenCaseProperty]?.GetValue<int>() ?? -1;
            progress.Output = output;
            progress.DueAt = null;
            return;
        }

        progress.Status = StepStatus.Completed;
        progress.FinishedAt = now;
        progress.DueAt = null;
        progress.Output = output;
        if (output is JsonObject)
        {
            lead.MergeOrder.Add(step.Id);
        }
    }

    public static string Describe(StepDefinition step, StepRunState progress) => step is BranchStep
        ? $"{step.Id}: chose {(progress.ChosenCase is -1 ? "else" : $"case {progress.ChosenCase}")}"
        : $"{step.Id} attempt {progress.Attempt} succeeded";

    private static JsonNode? Parse(string? json, int maxBytes)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        if (json.Length > maxBytes)
        {
            return new JsonObject { ["truncated"] = true, ["bytes"] = json.Length };
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
