using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class ExpressionEvaluatorTests
{
    private readonly ExpressionEvaluator _evaluator = ExpressionTestData.Create();

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("1e21", "1e+21")]
    [InlineData("'a' + 'b'", "\"ab\"")]
    [InlineData("input.email.toLowerCase()", "\"ada@example.com\"")]
    [InlineData("input.name.length > 2 && !input.missing", "true")]
    [InlineData("[1, 2, 3].map(function (x) { return x * 2 })", "[2,4,6]")]
    [InlineData("({a: 1, b: [true, null], c: undefined, d: function () {}})", """{"a":1,"b":[true,null]}""")]
    [InlineData("new Date(Date.UTC(2024, 0, 31, 12, 30))", "\"2024-01-31T12:30:00.000Z\"")]
    [InlineData("'José <b>'", "\"José <b>\"")]
    public void Evaluate_Expression_ReturnsJsonValue(string expression, string expectedJson)
    {
        var result = _evaluator.Evaluate(expression, ExpressionTestData.Scope);

        Assert.Equal(expectedJson, result!.ToJsonString(JsValueConverter.Compact));
    }

    [Theory]
    [InlineData("JSON.stringify({ a: 1, b: [1, 'x', undefined], c: undefined, d: new Date(0) })", """{"a":1,"b":[1,"x",null],"d":"1970-01-01T00:00:00.000Z"}""")]
    [InlineData("JSON.stringify({ a: 1, b: 2 }, ['b'])", """{"b":2}""")]
    [InlineData("JSON.stringify({ a: 1, b: 2 }, function (k, v) { return k === 'a' ? undefined : v })", """{"b":2}""")]
    [InlineData("JSON.stringify([1, { a: true }], null, 2)", "[\n  1,\n  {\n    \"a\": true\n  }\n]")]
    [InlineData("JSON.stringify('José \"<b>\"')", "\"José \\\"<b>\\\"\"")]
    [InlineData("JSON.stringify(0 / 0) + JSON.stringify(null)", "nullnull")]
    [InlineData("String(JSON.stringify(undefined))", "undefined")]
    [InlineData("JSON.parse('{\"a\": [1, 2]}').a[1] + 1", "3")]
    public void Evaluate_JsonBuiltIn_BehavesLikeJavaScript(string expression, string expected) =>
        Assert.Equal(expected, TemplateRenderer.AsText(_evaluator.Evaluate(expression, ExpressionTestData.Scope)));

    [Fact]
    public void Evaluate_Number_ReadsAsAnyNumericType()
    {
        var result = _evaluator.Evaluate("steps.enrich.score * 2", ExpressionTestData.Scope)!;

        Assert.Equal(144, result.GetValue<int>());
        Assert.Equal(144L, result.GetValue<long>());
        Assert.Equal(144.0, result.GetValue<double>());
        Assert.Equal(144m, result.GetValue<decimal>());
    }

    [Theory]
    [InlineData("undefined")]
    [InlineData("null")]
    [InlineData("input.missing")]
    [InlineData("(function () {})")]
    [InlineData("0 / 0")]
    public void Evaluate_NoJsonValue_ReturnsNull(string expression) =>
        Assert.Null(_evaluator.Evaluate(expression, ExpressionTestData.Scope));

    [Fact]
    public void Evaluate_RunData_SeesInputStepsAndLead()
    {
        var result = _evaluator.Evaluate("input.address.city + '/' + steps.enrich.score + '/' + lead.company + '/' + input.tags[1]", ExpressionTestData.Scope);

        Assert.Equal("London/72/Analytical Engines/beta", result!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_ScriptChangesInput_ScopeIsUnchanged()
    {
        var scope = ExpressionTestData.Scope;

        var result = _evaluator.Evaluate("(input.name = 'Eve', delete lead.age, input.name)", scope);

        Assert.Equal("Eve", result!.GetValue<string>());
        Assert.Equal("Ada", scope.Input!["name"]!.GetValue<string>());
        Assert.Equal(36, scope.Lead["age"]!.GetValue<int>());
    }

    [Fact]
    public void Evaluate_ScriptChangesGlobals_NextCallDoesNotSeeThem()
    {
        _evaluator.Evaluate("(this.leaked = 1, Array.prototype.map = null, Object.prototype.polluted = true)", ExpressionTestData.Scope);

        var result = _evaluator.Evaluate("[typeof leaked, typeof [].map, typeof ({}).polluted]", ExpressionTestData.Scope);

        Assert.Equal("""["undefined","function","undefined"]""", result!.ToJsonString());
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("''", false)]
    [InlineData("null", false)]
    [InlineData("undefined", false)]
    [InlineData("0 / 0", false)]
    [InlineData("input.missing", false)]
    [InlineData("'0'", true)]
    [InlineData("'false'", true)]
    [InlineData("[]", true)]
    [InlineData("({})", true)]
    [InlineData("lead.score > 50", true)]
    [InlineData("steps.enrich.score < 50", false)]
    [InlineData("input.tags.indexOf('vip') >= 0", true)]
    public void EvaluateCondition_Value_UsesJavaScriptTruthiness(string expression, bool expected) =>
        Assert.Equal(expected, _evaluator.EvaluateCondition(expression, ExpressionTestData.Scope));

    [Fact]
    public void Evaluate_UnknownName_ThrowsReferenceError()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("foo + 1", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
        Assert.Equal("foo + 1", exception.Expression);
        Assert.Equal("Expression 'foo + 1' failed: ReferenceError: foo is not defined", exception.Message);
    }

    [Fact]
    public void Evaluate_ScriptThrowsError_ReportsNameMessageAndStatement()
    {
        var exception = Assert.Throws<ExpressionException>(() =>
            _evaluator.Evaluate("(function () { throw new RangeError('too big') })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
        Assert.Equal(
            "Expression '(function () { throw new RangeError('too big') })()' failed: RangeError: too big (in the statement at line 1, column 16)",
            exception.Message);
    }

    [Fact]
    public void Evaluate_ScriptThrowsString_ReportsValue()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("(function () { throw 'nope' })()", ExpressionTestData.Scope));

        Assert.StartsWith("Expression '(function () { throw 'nope' })()' failed: Uncaught 'nope'", exception.Message);
    }

    [Fact]
    public void Evaluate_PropertyOfUndefined_ThrowsTypeError()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("input.missing.name", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
        Assert.StartsWith("Expression 'input.missing.name' failed: TypeError", exception.Message);
    }

    [Fact]
    public void Evaluate_SyntaxError_ThrowsWithPosition()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("1 + * 2", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
        Assert.Equal("Expression '1 + * 2' failed: syntax error at line 1, column 5: Unexpected token *", exception.Message);
    }

    [Theory]
    [InlineData("while (true) {}")]
    [InlineData("var x = 1")]
    [InlineData("1; 2")]
    [InlineData("1); while (true) {} (2")]
    [InlineData("throw 1")]
    public void Evaluate_Statement_ThrowsSyntaxError(string expression)
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
    }

    [Theory]
    [InlineData("typeof System")]
    [InlineData("typeof importNamespace")]
    [InlineData("typeof clrHelper")]
    [InlineData("typeof require")]
    [InlineData("typeof input.GetType")]
    [InlineData("typeof (function () { return this })().System")]
    public void Evaluate_ClrName_IsUndefined(string expression) =>
        Assert.Equal("undefined", _evaluator.Evaluate(expression, ExpressionTestData.Scope)!.GetValue<string>());

    [Fact]
    public void Evaluate_ClrNamespace_ThrowsReferenceError()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("System.IO.File.ReadAllText('/etc/passwd')", ExpressionTestData.Scope));

        Assert.EndsWith("ReferenceError: System is not defined", exception.Message);
    }

    [Theory]
    [InlineData("eval('1')")]
    [InlineData("Function('return 1')()")]
    [InlineData("(function () {}).constructor('return 1')()")]
    public void Evaluate_CodeFromString_ThrowsEvalError(string expression)
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
        Assert.Contains("EvalError: Code generation from strings is not allowed in expressions", exception.Message);
    }

    [Fact]
    public void Evaluate_FunctionInstanceOf_StillWorks() =>
        Assert.True(_evaluator.Evaluate("(function () {}) instanceof Function", ExpressionTestData.Scope)!.GetValue<bool>());

    [Fact]
    public void Evaluate_ExpressionOverMaxLength_ThrowsSyntaxErrorNamingLimit()
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxExpressionLength = 10);

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("1 + 2 + 3 + 4", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
        Assert.EndsWith("the expression is 13 characters long; the limit is 10 (ExpressionOptions.MaxExpressionLength)", exception.Message);
    }

    [Fact]
    public void Evaluate_LongExpression_QuotesItTruncated()
    {
        var expression = "nope + '" + new string('x', 300) + "'";

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(expression, exception.Expression);
        Assert.StartsWith("Expression 'nope + 'xxx", exception.Message);
        Assert.Contains("…' failed: ReferenceError: nope is not defined", exception.Message);
    }

    [Fact]
    public void Evaluate_FromEightThreads_ReturnsEachThreadsResult()
    {
        const int threads = 8;
        const int callsPerThread = 20;
        var results = new int[threads, callsPerThread];
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(worker => new Thread(() =>
        {
            var scope = new ExpressionScope(new JsonObject { ["n"] = worker }, new JsonObject(), new JsonObject { ["n"] = worker });
            start.SignalAndWait();
            for (var call = 0; call < callsPerThread; call++)
            {
                results[worker, call] = _evaluator.Evaluate($"input.n * 1000 + lead.n * 100 + [1, 2, 3].map(function (x) {{ return x }}).length * 0 + {call}", scope)!.GetValue<int>();
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromMinutes(1)), "A worker thread did not finish within a minute."));

        for (var worker = 0; worker < threads; worker++)
        {
            for (var call = 0; call < callsPerThread; call++)
            {
                Assert.Equal((worker * 1100) + call, results[worker, call]);
            }
        }
    }

    [Fact]
    public void Constructor_OptionsOutOfRange_ThrowsOptionsValidationException()
    {
        var options = Options.Create(new ExpressionOptions { MaxExpressionLength = 100_000, MaxStatements = 0 });

        var exception = Assert.Throws<OptionsValidationException>(() => new ExpressionEvaluator(options));

        Assert.Equal(
            [
                "ExpressionOptions.MaxStatements must be at least 1; it is 0.",
                "ExpressionOptions.MaxExpressionLength must be between 1 and 8192; it is 100000.",
            ],
            exception.Failures);
    }
}
