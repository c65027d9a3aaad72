using System.Diagnostics;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>Hostile and runaway expressions fail with an <see cref="ExpressionException"/> naming the limit, and never take the process down.</summary>
public sealed class ExpressionEvaluatorLimitTests
{
    [Fact]
    public void Evaluate_InfiniteLoop_ThrowsStatementLimit()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function () { while (true) {} })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.StatementLimit, exception.Kind);
        Assert.Equal(
            "Expression '(function () { while (true) {} })()' failed: executed more than 10000 statements (ExpressionOptions.MaxStatements)",
            exception.Message);
    }

    /// <summary>With the shipped settings the statement limit, not the wall clock, stops a loop.</summary>
    [Fact]
    public void Evaluate_InfiniteLoopWithDefaultOptions_ThrowsStatementLimit()
    {
        var evaluator = new ExpressionEvaluator(Microsoft.Extensions.Options.Options.Create(new ExpressionOptions()));

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function () { var i = 0; for (;;) { i++ } })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.StatementLimit, exception.Kind);
    }

    /// <summary>With the shipped settings the allocation limit stops a memory hog long before its statements or the wall clock would.</summary>
    [Fact]
    public void Evaluate_MemoryHogWithDefaultOptions_ThrowsMemoryLimit()
    {
        var evaluator = new ExpressionEvaluator(Microsoft.Extensions.Options.Options.Create(new ExpressionOptions()));

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("(function () { var kept = []; while (true) { kept.push(new Array(10000).join('123456789')) } })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.MemoryLimit, exception.Kind);
        Assert.Matches("^allocated [0-9]+ KiB; the limit is 131072 KiB \\(ExpressionOptions.MaxAllocatedBytes\\)$", exception.Detail);
    }

    [Fact]
    public void Evaluate_InfiniteLoopUnderShortTimeout_ThrowsTimeout()
    {
        var evaluator = ExpressionTestData.Create(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(50);
            o.MaxStatements = int.MaxValue;
        });
        var clock = Stopwatch.StartNew();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function () { for (;;) {} })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Timeout, exception.Kind);
        Assert.EndsWith("failed: timed out after 50 ms (ExpressionOptions.Timeout)", exception.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The timeout took {clock.Elapsed} to fire.");
    }

    [Fact]
    public void Evaluate_ScriptCatchesLimit_StillFails()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("(function () { try { while (true) {} } catch (e) { return 'swallowed' } })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.StatementLimit, exception.Kind);
    }

    [Fact]
    public void Evaluate_ScriptCatchesBuiltInLimit_StillFails()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("(function () { try { return new Array(1e9).join() } catch (e) { return 'swallowed' } })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.MemoryLimit, exception.Kind);
    }

    [Fact]
    public void Evaluate_DeepRecursion_ThrowsRecursionLimit()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function f(n) { return f(n + 1) })(0)", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.RecursionLimit, exception.Kind);
        Assert.EndsWith("failed: function calls nested deeper than 64 (ExpressionOptions.MaxRecursion)", exception.Message);
    }

    [Fact]
    public void Evaluate_RecursionWithinLimit_Succeeds()
    {
        var evaluator = ExpressionTestData.Create();

        var result = evaluator.Evaluate("(function f(n) { return n === 0 ? 0 : 1 + f(n - 1) })(50)", ExpressionTestData.Scope);

        Assert.Equal(50, result!.GetValue<int>());
    }

    /// <summary>
    /// Getters, valueOf and join recurse without a call expression; Jint 4 counts a getter's and join's nesting against
    /// MaxRecursion, and the stack check stops the rest before an overflow.
    /// </summary>
    [Theory]
    [InlineData("(function () { var o = { get a() { return this.a } }; return o.a })()", "function calls nested deeper than 64 (ExpressionOptions.MaxRecursion)")]
    [InlineData("(function () { var o = { valueOf: function () { return +this } }; return +o })()", "calls or values nest too deeply for the evaluation stack (16 MiB)")]
    [InlineData("(function () { var a = []; a[0] = a; return String(a) })()", "function calls nested deeper than 64 (ExpressionOptions.MaxRecursion)")]
    public void Evaluate_RecursionWithoutCallExpression_ThrowsRecursionLimit(string expression, string detail)
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxStatements = 10_000_000);

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.RecursionLimit, exception.Kind);
        Assert.EndsWith("failed: " + detail, exception.Message);
    }

    /// <summary>Jint's parser and interpreter recurse per nesting level: the longest allowed expressions must not overflow the stack.</summary>
    [Theory]
    [InlineData("(", "1", ")", 2)]
    [InlineData("[function(){return ", "1", "}][0]()", 26)]
    public void Evaluate_NestedToMaxLength_Evaluates(string open, string middle, string close, int charactersPerLevel)
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxExpressionLength = ExpressionOptions.MaxExpressionLengthCeiling);
        var levels = (ExpressionOptions.MaxExpressionLengthCeiling - 1) / charactersPerLevel;
        var expression = string.Concat(Enumerable.Repeat(open, levels)) + middle + string.Concat(Enumerable.Repeat(close, levels));

        var result = evaluator.Evaluate(expression, ExpressionTestData.Scope);

        Assert.NotNull(result);
    }

    /// <summary>Jint 4 analyses at most 256 levels of nested syntax: deeper text is refused as a syntax error, never a crash.</summary>
    [Theory]
    [InlineData("a=", "1", "", 2)]
    [InlineData("!", "1", "", 1)]
    public void Evaluate_NestedDeeperThanJintAnalyses_ThrowsSyntaxError(string open, string middle, string close, int charactersPerLevel)
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxExpressionLength = ExpressionOptions.MaxExpressionLengthCeiling);
        var levels = (ExpressionOptions.MaxExpressionLengthCeiling - 1) / charactersPerLevel;
        var expression = string.Concat(Enumerable.Repeat(open, levels)) + middle + string.Concat(Enumerable.Repeat(close, levels));

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
        Assert.EndsWith("failed: the expression can't be prepared: Script nesting exceeds maximum depth of 256 levels", exception.Message);
    }

    [Fact]
    public void Evaluate_ValueNestedDeeperThanJsonAllows_ThrowsRecursionLimit()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("(function () { var o = {}; for (var i = 0; i < 3000; i++) { o = { a: o } } return JSON.stringify(o) })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.RecursionLimit, exception.Kind);
        Assert.EndsWith("failed: the value nests deeper than 64 levels", exception.Message);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Evaluate_ResultNesting_AllowedUpTo64Levels(int levels, bool allowed)
    {
        var evaluator = ExpressionTestData.Create();
        var expression = $"(function () {{ var o = 1; for (var i = 0; i < {levels}; i++) {{ o = [o] }} return o }})()";

        var exception = Record.Exception(() => evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(allowed, exception is null);
    }

    [Fact]
    public void Evaluate_JsonParseOfDeepText_ThrowsRecursionLimit()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("JSON.parse(new Array(5000).join('[') + new Array(5000).join(']'))", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.RecursionLimit, exception.Kind);
        Assert.EndsWith("failed: JSON.parse got text that nests deeper than 64 levels", exception.Message);
    }

    [Fact]
    public void Evaluate_CircularResult_ThrowsTypeError()
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function () { var o = {}; o.self = o; return o })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
        Assert.EndsWith("failed: TypeError: Converting circular structure to JSON", exception.Message);
    }

    [Fact]
    public void Evaluate_CatastrophicRegexWithDefaultOptions_StoppedByTheMatchLimitNotTheBackstop()
    {
        var evaluator = ExpressionTestData.Create(_ => { });
        var clock = Stopwatch.StartNew();

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("/(a+)+$/.test(new Array(40).join('a') + '!')", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Timeout, exception.Kind);
        Assert.EndsWith("failed: a regular-expression match ran longer than 100 ms (ExpressionOptions.RegexMatchTimeout)", exception.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The regular expression ran for {clock.Elapsed}, near the 5 s backstop.");
    }

    [Fact]
    public void Evaluate_CatastrophicRegex_ThrowsTimeout()
    {
        var evaluator = ExpressionTestData.Create(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.RegexMatchTimeout = TimeSpan.FromSeconds(1);
        });
        var clock = Stopwatch.StartNew();

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("/(a+)+$/.test(new Array(40).join('a') + '!')", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Timeout, exception.Kind);
        Assert.EndsWith("failed: timed out after 200 ms (ExpressionOptions.Timeout)", exception.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The regular expression ran for {clock.Elapsed}.");
    }

    [Fact]
    public void Evaluate_StringDoubling_ThrowsMemoryLimit()
    {
        var evaluator = ExpressionTestData.Create(o =>
        {
            o.MaxAllocatedBytes = 16 * 1024 * 1024;
            o.MaxStatements = int.MaxValue;
        });

        var exception = Assert.Throws<ExpressionException>(() =>
            evaluator.Evaluate("(function () { var s = 'x'; while (true) { s += s } })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.MemoryLimit, exception.Kind);
        Assert.Matches("failed: allocated [0-9]+ KiB; the limit is 16384 KiB \\(ExpressionOptions.MaxAllocatedBytes\\)$", exception.Message);
    }

    /// <summary>ES2015 string built-ins whose output size is known before they run are refused before they build it.</summary>
    [Theory]
    [InlineData("'x'.repeat(1e9)", "String.prototype.repeat got or made a string of 1000000000 characters; the limit is 100000 (ExpressionOptions.MaxStringLength)")]
    [InlineData("'x'.padStart(1e9)", "String.prototype.padStart got or made a string of 1000000000 characters; the limit is 100000 (ExpressionOptions.MaxStringLength)")]
    [InlineData("'x'.padEnd(1e9, 'ab')", "String.prototype.padEnd got or made a string of 1000000000 characters; the limit is 100000 (ExpressionOptions.MaxStringLength)")]
    [InlineData("Array.from({ length: 1e9 })", "Array.from got or made an array of 1000000000 elements; the limit is 10000 (ExpressionOptions.MaxArrayLength)")]
    public void Evaluate_OversizedModernBuiltInCall_ThrowsMemoryLimit(string expression, string detail)
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.MemoryLimit, exception.Kind);
        Assert.EndsWith("failed: " + detail, exception.Message);
    }

    [Theory]
    [InlineData("2n ** 99999999n")]
    [InlineData("[1].map(x => 10n)")]
    public void Evaluate_BigIntLiteral_ThrowsSyntaxError(string expression)
    {
        var evaluator = ExpressionTestData.Create();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
        Assert.Contains("BigInt literals are not allowed in expressions", exception.Message);
    }

    [Theory]
    [InlineData("typeof ArrayBuffer")]
    [InlineData("typeof SharedArrayBuffer")]
    [InlineData("typeof Uint8Array")]
    [InlineData("typeof BigInt")]
    [InlineData("typeof WeakRef")]
    [InlineData("typeof FinalizationRegistry")]
    [InlineData("typeof Temporal")]
    public void Evaluate_NativeBufferOrUnboundedGlobal_IsUndefined(string expression) =>
        Assert.Equal("undefined", ExpressionTestData.Create().Evaluate(expression, ExpressionTestData.Scope)!.GetValue<string>());

    /// <summary>Built-ins loop natively, out of reach of the time and statement limits: their input and output sizes are checked instead.</summary>
    [Theory]
    [InlineData("new Array(1e9).join('x')", "Array.prototype.join got or made an array of 1000000000 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(1e9).forEach(function () {})", "Array.prototype.forEach got or made an array of 1000000000 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("Array.prototype.indexOf.call({ length: 4e9 }, 1)", "Array.prototype.indexOf got or made an array of 4000000000 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("Math.max.apply(null, { length: 1e8 })", "Function.prototype.apply got or made an array of 100000000 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(61).concat(new Array(60))", "Array.prototype.concat got or made an array of 121 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(80).join(',,').split(',')", "String.prototype.split got or made an array of 159 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(80).join('xx').split('')", "String.prototype.split got or made an array of 158 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(80).join('xx').split(/x/)", "String.prototype.split got or made an array of 102 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(80).join('xx').match(/x/g)", "String.prototype.match got or made an array of 101 elements; the limit is 100 (ExpressionOptions.MaxArrayLength)")]
    [InlineData("new Array(100).join('abc').length", "Array.prototype.join got or made a string of 201 characters; the limit is 200 (ExpressionOptions.MaxStringLength)")]
    [InlineData("'abc'.replace(/(?:)/g, new Array(61).join('x'))", "String.prototype.replace got or made a string of 243 characters; the limit is 200 (ExpressionOptions.MaxStringLength)")]
    [InlineData("JSON.stringify(new Array(50).join('x,').split(','))", "JSON.stringify made more than 200 characters (ExpressionOptions.MaxStringLength)")]
    public void Evaluate_OversizedBuiltInCall_ThrowsMemoryLimit(string expression, string detail)
    {
        var evaluator = ExpressionTestData.Create(o =>
        {
            o.MaxArrayLength = 100;
            o.MaxStringLength = 200;
        });

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.MemoryLimit, exception.Kind);
        Assert.Equal($"Expression '{expression}' failed: {detail}", exception.Message);
    }

    [Fact]
    public void Evaluate_LargeResult_ThrowsResultTooLarge()
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxResultBytes = 1000);

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("new Array(200).join('abcdefghij')", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.ResultTooLarge, exception.Kind);
        Assert.Matches("failed: the result is larger than 1000 bytes of JSON \\(at least [0-9]+; ExpressionOptions.MaxResultBytes\\)$", exception.Message);
    }

    [Fact]
    public void Evaluate_ResultOfMultiByteCharacters_CountsUtf8Bytes()
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxResultBytes = 1000);

        // 400 characters of 3 bytes each: within the limit in characters, over it in bytes.
        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("new Array(401).join('€')", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.ResultTooLarge, exception.Kind);
    }

    [Fact]
    public void Evaluate_ResultWithinLimit_IsReturned()
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxResultBytes = 1000);

        var result = evaluator.Evaluate("new Array(90).join('abcdefghij')", ExpressionTestData.Scope);

        Assert.Equal(890, result!.GetValue<string>().Length);
    }
}
