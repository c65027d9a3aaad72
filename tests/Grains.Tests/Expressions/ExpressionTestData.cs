using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>Evaluators and run data shared by the expression tests.</summary>
internal static class ExpressionTestData
{
    /// <summary>
    /// Room for the first call in the test process, which JIT-compiles Jint; tests of the time limit set their own.
    /// </summary>
    public static readonly TimeSpan GenerousTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The tenant whose expressions the tests evaluate, unless a test is about tenants.</summary>
    public static readonly TenantId Tenant = TenantId.Parse("tenant-expressions");

    public static ExpressionScope Scope => new(
        JsonNode.Parse("""{"email": "Ada@Example.com", "name": "Ada", "age": 36, "tags": ["vip", "beta"], "address": {"city": "London"}}"""),
        JsonNode.Parse("""{"enrich": {"score": 72, "company": "Analytical Engines"}}""")!.AsObject(),
        JsonNode.Parse("""{"email": "Ada@Example.com", "name": "Ada", "age": 36, "score": 72, "company": "Analytical Engines"}""")!.AsObject());

    public static ExpressionEvaluator Create(Action<ExpressionOptions>? configure = null)
    {
        var options = new ExpressionOptions { Timeout = GenerousTimeout };
        configure?.Invoke(options);
        return new ExpressionEvaluator(Options.Create(options));
    }
}
