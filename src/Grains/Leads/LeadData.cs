using System.Text.Json.Nodes;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Builds the data a run's expressions see: <c>input</c>, <c>steps.&lt;id&gt;</c> (each finished step's output), and
/// <c>lead</c> (input shallow-merged with each object output in completion order; later values win).
/// </summary>
internal static class LeadData
{
    public static ExpressionScope Scope(LeadState state)
    {
        var steps = new JsonObject();
        foreach (var (id, progress) in state.Steps)
        {
            if (progress.Output is not null)
            {
                steps[id] = progress.Output.DeepClone();
            }
        }

        return new ExpressionScope(state.Input.DeepClone(), steps, Merge(state));
    }

    public static JsonObject Merge(LeadState state)
    {
        var lead = (JsonObject)state.Input.DeepClone();
        foreach (var id in state.MergeOrder)
        {
            if (state.Steps.TryGetValue(id, out var progress) && progress.Output is JsonObject output)
            {
                foreach (var (name, value) in output)
                {
                    lead[name] = value?.DeepClone();
                }
            }
        }

        return lead;
    }
}
