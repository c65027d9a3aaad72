using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// The run data an expression sees: <c>input</c> (the submitted payload), <c>steps</c> (each finished step's output,
/// by step id) and <c>lead</c> (<c>input</c> shallow-merged with each step's object output, later values winning).
/// </summary>
/// <remarks>
/// The evaluator reads these nodes during a call and copies them into the script engine; scripts never change them.
/// Don't mutate them while a call that uses them is running.
/// </remarks>
/// <param name="Input">The submitted payload, usually an object; <see langword="null"/> is JSON <c>null</c>.</param>
/// <param name="Steps">Each finished step's output, keyed by step id.</param>
/// <param name="Lead">The merged lead record.</param>
public sealed record ExpressionScope(JsonNode? Input, JsonObject Steps, JsonObject Lead)
{
    /// <summary>A scope with no data: <c>input</c> is <c>null</c>, <c>steps</c> and <c>lead</c> are empty objects.</summary>
    public static ExpressionScope Empty => new(null, new JsonObject(), new JsonObject());
}
