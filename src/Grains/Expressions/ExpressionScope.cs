using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Expressions;

/// <summary>The run data tenant expressions see: <c>input</c>, <c>steps</c> and <c>lead</c>.</summary>
/// <param name="Input">The submitted payload.</param>
/// <param name="Steps">Each finished step's output, by step id.</param>
/// <param name="Lead">The input shallow-merged with each step's object output in execution order.</param>
public sealed record ExpressionScope(JsonNode? Input, JsonObject Steps, JsonObject Lead);
