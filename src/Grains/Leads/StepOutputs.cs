using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Text;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Leads;

/// <summary>How a successful attempt's output changes a step's progress.</summary>
internal static class StepOutputs
{
    /// <summary>The output property in which a branch step reports its chosen case (-1 for <c>else</c>).</summary>
    public const string ChosenCaseProperty = "case";

    /// <summary>
    /// The outcome as the lead can store it. An output holding text the stores can't keep (a NUL character or an
    /// unpaired surrogate, as a third party's response or a transform may hold) fails the attempt, not retryable, naming
    /// where the text is: storing it would fail on every wake and run the step again forever. An error message that
    /// quotes such text keeps it escaped.
    /// </summary>
    public static StepOutcome Storable(StepOutcome outcome, int maxBytes)
    {
        if (outcome.Succeeded)
        {
            // An output over the limit is stored as a note of its size, not its text.
            var json = outcome.OutputJson;
            return !string.IsNullOrEmpty(json) && json.Length <= maxBytes && StorableJson.Problem(json) is { } problem
                ? StepOutcome.Failure(outcome.StepId, outcome.Attempt, $"The step's output holds text that can't be stored: {problem}.", retryable: false, outcome.HttpStatus)
                : outcome;
        }

        return outcome.Error is { } error && StorableText.Escape(error) is var escaped && !ReferenceEquals(escaped, error)
            ? outcome with { Error = escaped }
            : outcome;
    }

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
