using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint.Native;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// One evaluator call on its sandbox thread: a pooled <see cref="ExpressionEngine"/> with the call's budget and run
/// data attached, and the prepared scripts of the call's expressions.
/// </summary>
internal sealed class ScriptSession
{
    private readonly ExpressionOptions _options;
    private readonly ExpressionBudget _budget;
    private readonly ExpressionEngine _engine;
    private readonly PreparedScripts _scripts;

    public ScriptSession(ExpressionEngine engine, ExpressionBudget budget, ExpressionScope scope, PreparedScripts scripts)
    {
        _engine = engine;
        _budget = budget;
        _options = budget.Options;
        _scripts = scripts;
        engine.Begin(budget, scope);
        _budget.BeginScript();
    }

    /// <summary>
    /// Whether something other than the script itself interrupted the engine (a limit, a timeout, a host failure):
    /// the engine is then dropped, not reused.
    /// </summary>
    public bool Interrupted { get; private set; }

    /// <summary>Runs one expression; failures become an <see cref="ExpressionException"/> naming it.</summary>
    public JsValue Execute(string expression)
    {
        Script? program = null;
        return Guard(
            expression,
            () =>
            {
                var prepared = _scripts.Get(expression, _options.MaxExpressionLength);
                program = prepared.Program;
                return _engine.Engine.Evaluate(in prepared);
            },
            () => program);
    }

    /// <summary>The value of an expression as JSON; undefined and functions become <see langword="null"/>.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var value = Execute(expression);
        return Guard(expression, () => ToResult(value), () => null);
    }

    /// <summary>JavaScript truthiness: false, 0, NaN, "", null and undefined are false.</summary>
    public bool EvaluateCondition(string expression) => TypeConverter.ToBoolean(Execute(expression));

    private JsonNode? ToResult(JsValue value)
    {
        var converter = new JsValueConverter(_engine.Engine, _budget, _options.MaxResultBytes, TooLarge);
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

    private T Guard<T>(string expression, Func<T> work, Func<Script?> program)
    {
        try
        {
            return work();
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            // A script error leaves the engine as sound as a normal return; a syntax error never reached it.
            Interrupted |= exception is not JavaScriptException && !(exception is ExpressionFailureException { Kind: ExpressionErrorKind.Syntax });

            // Untrusted code: anything the interpreter throws is this expression's failure, reported with it.
            throw ExpressionErrors.From(exception, expression, _options, program(), _budget);
        }
    }
}
