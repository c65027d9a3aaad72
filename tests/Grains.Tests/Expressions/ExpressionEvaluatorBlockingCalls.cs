using System.Text.Json.Nodes;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>
/// The evaluator's calls for <see cref="ExpressionTestData.Tenant"/>, waited for: the tests of what an expression
/// computes and which limit stops it read better without the queueing, which <see cref="ExpressionWorkersTests"/> covers.
/// </summary>
internal static class ExpressionEvaluatorBlockingCalls
{
    public static JsonNode? Evaluate(this ExpressionEvaluator evaluator, string expression, ExpressionScope scope) =>
        evaluator.EvaluateAsync(ExpressionTestData.Tenant, expression, scope).GetAwaiter().GetResult();

    public static bool EvaluateCondition(this ExpressionEvaluator evaluator, string expression, ExpressionScope scope) =>
        evaluator.EvaluateConditionAsync(ExpressionTestData.Tenant, expression, scope).GetAwaiter().GetResult();

    public static string RenderTemplate(this ExpressionEvaluator evaluator, string template, ExpressionScope scope) =>
        evaluator.RenderTemplateAsync(ExpressionTestData.Tenant, template, scope).GetAwaiter().GetResult();

    public static JsonNode? RenderJson(this ExpressionEvaluator evaluator, JsonNode? template, ExpressionScope scope) =>
        evaluator.RenderJsonAsync(ExpressionTestData.Tenant, template, scope).GetAwaiter().GetResult();
}
