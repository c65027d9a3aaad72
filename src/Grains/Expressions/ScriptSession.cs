using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Debugger;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// One Jint engine for one evaluator call, on its sandbox thread: limits, guarded built-ins and the run data.
/// A fresh engine per call means nothing a script changes (globals, prototypes) is seen by another call or tenant.
/// </summary>
internal sealed class ScriptSession
{
    private readonly ExpressionOptions _options;
    private readonly ExpressionBudget _budget;
    private readonly Engine _engine;

    public ScriptSession(ExpressionBudget budget, ExpressionScope scope)
    {
        _budget = budget;
        _options = budget.Options;

        // No AllowClr: scripts see no .NET types or namespaces. Debug mode is on for its step hook, the only way to
        // run a check at every statement (stack depth and allocation, which Jint 2 doesn't limit). It costs about
        // 10 µs per statement, so the default statement limit stops a loop after about 100 ms of CPU, well before
        // the wall-clock backstop.
        _engine = new Engine(options => options
            .TimeoutInterval(_options.Timeout)
            .MaxStatements(_options.MaxStatements)
            .LimitRecursion(_options.MaxRecursion)
            .DebugMode(true)
            .Culture(CultureInfo.InvariantCulture)
            .LocalTimeZone(TimeZoneInfo.Utc));
        _engine.Step += (_, _) =>
        {
            _budget.OnStatement();
            return StepMode.Into;
        };
        GuardedBuiltins.Install(_engine, budget);
        _engine.SetValue("input", FromJson(scope.Input));
        _engine.SetValue("steps", FromJson(scope.Steps));
        _engine.SetValue("lead", FromJson(scope.Lead));
        _budget.BeginScript();
    }

    /// <summary>Runs one expression; failures become an <see cref="ExpressionException"/> naming it.</summary>
    public JsValue Execute(string expression) =>
        Guard(expression, () => _engine.Execute(ExpressionParser.Parse(expression, _options.MaxExpressionLength)).GetCompletionValue());

    /// <summary>The value of an expression as JSON; undefined and functions become <see langword="null"/>.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var value = Execute(expression);
        return Guard(expression, () => ToResult(value));
    }

    /// <summary>JavaScript truthiness: false, 0, NaN, "", null and undefined are false.</summary>
    public bool EvaluateCondition(string expression) => TypeConverter.ToBoolean(Execute(expression));

    private JsonNode? ToResult(JsValue value)
    {
        var converter = new JsValueConverter(_engine, _budget, _options.MaxResultBytes, TooLarge);
        if (!converter.TryConvert(value, out var node) || node is null)
        {
            return null;
        }

        var json = node.ToJsonString(JsValueConverter.Compact);
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > _options.MaxResultBytes)
        {
            throw TooLarge(bytes);
        }

        // Parsed back so that every value is backed by JSON text, as for any parsed document: GetValue<int>(),
        // <double>() and <decimal>() then all work on a number, whatever CLR type built it.
        return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = JsValueConverter.MaxDepth + 1 });
    }

    private ExpressionFailureException TooLarge(long size) => new(
        ExpressionErrorKind.ResultTooLarge,
        $"the result is larger than {_options.MaxResultBytes} bytes of JSON (at least {size}; {nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxResultBytes)})");

    private JsValue FromJson(JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(_engine).Parse(node.ToJsonString(JsValueConverter.Compact));

    private T Guard<T>(string expression, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            // Untrusted code: anything the interpreter throws is this expression's failure, reported with it.
            throw ExpressionErrors.From(exception, expression, _options);
        }
    }
}
