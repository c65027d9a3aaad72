using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Parser;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Evaluates tenant expressions with Jint, sandboxed: a fresh engine per evaluation, no CLR access, and limits on
/// time, statements and recursion. Thread-safe.
/// </summary>
/// <remarks>
/// Jint 2.10 has no memory limit, and its time and statement limits are checked between statements, so one built-in
/// call that allocates a huge string is not interrupted. Results are capped in size, and expressions run in the step
/// executor, outside grain turns, so such a call slows one step, not a grain.
/// </remarks>
public sealed class ExpressionEvaluator(IOptions<ExpressionOptions> options)
{
    private readonly ExpressionOptions _options = options.Value;

    /// <summary>Evaluates one expression; <c>undefined</c> and functions become null.</summary>
    /// <exception cref="ExpressionException">Syntax error, a limit, a runtime error, or a result too large.</exception>
    public JsonNode? Evaluate(string expression, ExpressionScope scope) => ToJson(expression, Run(expression, scope));

    /// <summary>Evaluates a condition with JavaScript truthiness.</summary>
    /// <exception cref="ExpressionException">As for <see cref="Evaluate"/>.</exception>
    public bool EvaluateCondition(string expression, ExpressionScope scope)
    {
        var value = Run(expression, scope);
        return value.Type switch
        {
            Jint.Runtime.Types.Undefined or Jint.Runtime.Types.Null => false,
            Jint.Runtime.Types.Boolean => value.AsBoolean(),
            Jint.Runtime.Types.Number => value.AsNumber() is var n && n != 0 && !double.IsNaN(n),
            Jint.Runtime.Types.String => value.AsString().Length > 0,
            _ => true,
        };
    }

    /// <summary>Renders a template: strings go in as they are, other values as compact JSON, null and undefined as nothing.</summary>
    /// <exception cref="ExpressionException">A hole failed, or the template is malformed.</exception>
    public string RenderTemplate(string template, ExpressionScope scope)
    {
        var holes = Holes(template);
        var text = new StringBuilder();
        foreach (var (part, isHole) in holes.Parts)
        {
            text.Append(isHole ? AsText(Evaluate(part, scope)) : part);
        }

        return text.ToString();
    }

    /// <summary>
    /// Renders every string inside a JSON value as a template. A string that is exactly one hole is replaced by the
    /// raw value (a number stays a number), not by its text.
    /// </summary>
    /// <exception cref="ExpressionException">A hole failed.</exception>
    public JsonNode? RenderJson(JsonNode? template, ExpressionScope scope) => template switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, RenderJson(p.Value, scope)))),
        JsonArray array => new JsonArray(array.Select(item => RenderJson(item, scope)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => Holes(text).SingleHole is { } expression
            ? Evaluate(expression, scope)
            : JsonValue.Create(RenderTemplate(text, scope)),
        _ => template.DeepClone(),
    };

    private static TemplateHoles Holes(string template)
    {
        var holes = TemplateHoles.Find(template);
        return holes.Unclosed is { } position
            ? throw new ExpressionException(template, $"'{{{{' at position {position} has no closing '}}}}'.")
            : holes;
    }

    private static string AsText(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "";

    private JsValue Run(string expression, ExpressionScope scope)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new ExpressionException(expression, "the expression is empty.");
        }

        if (expression.Length > _options.MaxExpressionLength)
        {
            throw new ExpressionException(expression, $"it is {expression.Length} characters long; the limit is {_options.MaxExpressionLength}.");
        }

        var engine = new Engine(o => o
            .TimeoutInterval(_options.Timeout)
            .MaxStatements(_options.MaxStatements)
            .LimitRecursion(_options.MaxRecursion));
        try
        {
            var parser = new JsonParser(engine);
            engine.SetValue("input", parser.Parse(scope.Input?.ToJsonString() ?? "null"));
            engine.SetValue("steps", parser.Parse(scope.Steps.ToJsonString()));
            engine.SetValue("lead", parser.Parse(scope.Lead.ToJsonString()));
            return engine.Execute("(" + expression + "\n)").GetCompletionValue();
        }
        catch (ParserException exception)
        {
            throw new ExpressionException(expression, $"syntax error: {exception.Description}.", exception);
        }
        catch (JavaScriptException exception)
        {
            throw new ExpressionException(expression, $"{exception.Message}.", exception);
        }
        catch (StatementsCountOverflowException exception)
        {
            throw new ExpressionException(expression, $"it ran more than {_options.MaxStatements} statements (the statement limit).", exception);
        }
        catch (RecursionDepthOverflowException exception)
        {
            throw new ExpressionException(expression, $"it recursed deeper than {_options.MaxRecursion} calls (the recursion limit).", exception);
        }
        catch (TimeoutException exception)
        {
            throw new ExpressionException(expression, $"it ran longer than {_options.Timeout.TotalMilliseconds:0} ms (the time limit).", exception);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or NullReferenceException or InvalidCastException or OverflowException or OutOfMemoryException)
        {
            // Jint 2 surfaces some script errors as CLR exceptions; none of them may take the silo down.
            throw new ExpressionException(expression, $"the engine failed: {exception.Message}", exception);
        }
    }

    private JsonNode? ToJson(string expression, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull() || value.Is<Jint.Native.Function.FunctionInstance>())
        {
            return null;
        }

        string json;
        try
        {
            var engine = new Engine();
            var stringified = engine.Json.Stringify(JsValue.Undefined, [value]);
            if (stringified.IsUndefined())
            {
                return null;
            }

            json = stringified.AsString();
        }
        catch (JavaScriptException exception)
        {
            throw new ExpressionException(expression, $"its result can't be turned into JSON: {exception.Message}.", exception);
        }

        if (Encoding.UTF8.GetByteCount(json) > _options.MaxResultBytes)
        {
            throw new ExpressionException(expression, $"its result is larger than {_options.MaxResultBytes} bytes (the result limit).");
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new ExpressionException(expression, $"its result is not valid JSON: {exception.Message}", exception);
        }
    }
}
