using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>
/// Engines are reused call after call; nothing one lead's expression changes may be seen by the next call, of another
/// lead or another tenant. One worker, so every call runs on the same engine.
/// </summary>
public sealed class ExpressionIsolationTests
{
    private static readonly TenantId Mallory = TenantId.Parse("tenant-mallory");
    private static readonly TenantId Alice = TenantId.Parse("tenant-alice");

    private readonly ExpressionEvaluator _evaluator = ExpressionTestData.Create(o =>
    {
        o.Workers = 1;
        o.MaxWorkersPerTenant = 1;
    });

    [Theory]
    [InlineData("Object.prototype.x = 1", "typeof ({}).x")]
    [InlineData("Array.prototype.map = function () { return 'stolen' }", "typeof [].map(x => x)")]
    [InlineData("String.prototype.toUpperCase = () => 'stolen'", "typeof 'a'.toUpperCase")]
    [InlineData("leaked = input.secret", "typeof leaked")]
    [InlineData("globalThis.leaked = input.secret", "typeof leaked")]
    [InlineData("this.leaked = input.secret", "typeof globalThis.leaked")]
    [InlineData("JSON = { stringify: () => input.secret }", "typeof JSON.parse")]
    [InlineData("delete globalThis.Math", "typeof Math.max")]
    [InlineData("Object.defineProperty(globalThis, 'leaked', { get: () => 1, configurable: true })", "typeof leaked")]
    [InlineData("Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true })", "typeof [1][Symbol.iterator]().next().value")]
    [InlineData("Object.getPrototypeOf(function* () {}).prototype.leaked = 1", "typeof (function* () {})().leaked")]
    [InlineData("Error.prototype.leaked = input.secret", "typeof new Error().leaked")]
    [InlineData("Math.leaked = input.secret", "typeof Math.leaked")]
    [InlineData("/(s.cret)/.test(input.secret)", "typeof RegExp.$1")]
    [InlineData("Symbol.iterator.leaked = 1", "typeof Symbol.iterator.leaked")]
    public async Task EvaluateAsync_OneLeadChangesTheRealm_NextLeadOfAnotherTenantDoesNotSeeIt(string change, string probe)
    {
        var expected = await _evaluator.EvaluateAsync(Alice, probe, Lead("clean"));

        await Settle(_evaluator.EvaluateAsync(Mallory, change, Lead("secret-of-mallory")));
        var seen = await _evaluator.EvaluateAsync(Alice, probe, Lead("alice"));

        Assert.Equal(expected!.ToJsonString(), seen!.ToJsonString());
        Assert.DoesNotContain("secret-of-mallory", seen.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ManyCallsOnOneWorker_ReuseOneEngine()
    {
        for (var i = 0; i < 20; i++)
        {
            await _evaluator.EvaluateAsync(i % 2 == 0 ? Alice : Mallory, "(leaked = 1, input.secret)", Lead($"lead-{i}"));
        }

        Assert.Equal(1, _evaluator.Engines.Created);
        Assert.Equal(1, _evaluator.Engines.Idle);
    }

    [Fact]
    public async Task EvaluateAsync_CallHitsALimit_EngineIsReplacedAndNextCallIsClean()
    {
        await Settle(_evaluator.EvaluateAsync(Mallory, "(leaked = 1, (() => { for (;;) {} })())", Lead("secret-of-mallory")));

        var seen = await _evaluator.EvaluateAsync(Alice, "typeof leaked", Lead("alice"));

        Assert.Equal("undefined", seen!.GetValue<string>());
        Assert.Equal(2, _evaluator.Engines.Created);
    }

    [Fact]
    public async Task EvaluateAsync_GlobalMadeNonExtensible_EngineIsDroppedAndNextCallCanStillCreateGlobals()
    {
        await _evaluator.EvaluateAsync(Mallory, "Object.preventExtensions(globalThis)", Lead("m"));

        var seen = await _evaluator.EvaluateAsync(Alice, "(created = 2, created)", Lead("alice"));

        Assert.Equal(2, seen!.GetValue<int>());
    }

    /// <summary>Writes to built-ins are ignored; scripts still give their own objects properties that built-in prototypes define.</summary>
    [Theory]
    [InlineData("(() => { const e = new Error('x'); e.name = 'Custom'; return e.name })()", "\"Custom\"")]
    [InlineData("(() => { const o = {}; o.toString = () => 'mine'; return String(o) })()", "\"mine\"")]
    [InlineData("(() => { const o = { a: 1 }; o.constructor = 'c'; o.valueOf = 2; return [o.constructor, o.valueOf] })()", """["c",2]""")]
    [InlineData("(Array.prototype.map = null, typeof [].map)", "\"function\"")]
    [InlineData("(Object.prototype.toString = null, typeof ({}).toString)", "\"function\"")]
    public void Evaluate_WriteShadowingABuiltIn_BehavesAsBefore(string expression, string expectedJson) =>
        Assert.Equal(expectedJson, _evaluator.Evaluate(expression, ExpressionTestData.Scope)!.ToJsonString(JsValueConverter.Compact));

    [Fact]
    public void Evaluate_ErrorWithCustomName_ReportsThatName()
    {
        var exception = Assert.Throws<ExpressionException>(() =>
            _evaluator.Evaluate("(() => { const e = new TypeError('bad input'); throw e })()", ExpressionTestData.Scope));

        Assert.EndsWith("failed: TypeError: bad input (in the statement at line 1, column 48)", exception.Message);
    }

    private static ExpressionScope Lead(string secret) =>
        new(new JsonObject { ["secret"] = secret }, new JsonObject(), new JsonObject { ["secret"] = secret });

    private static async Task Settle(Task<JsonNode?> call)
    {
        try
        {
            await call;
        }
        catch (ExpressionException)
        {
            // The change may fail in the sandbox; what matters is what the next call sees.
        }
    }
}
