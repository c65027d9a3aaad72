using System.Text.RegularExpressions;
using Jint.Native;
using Jint.Native.Object;
using Jint.Parser;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Turns whatever Jint or the sandbox threw into an <see cref="ExpressionException"/> that names the limit or the script error.</summary>
internal static class ExpressionErrors
{
    public static ExpressionException From(Exception exception, string expression, ExpressionOptions options) => exception switch
    {
        ExpressionException known => known,
        ExpressionFailureException failure => new(failure.Kind, expression, failure.Message, failure),
        JavaScriptException script => new(ExpressionErrorKind.Runtime, expression, Describe(script), script),
        StatementsCountOverflowException => Wrap(ExpressionBudget.StatementLimit(options), expression, exception),
        // The per-match limit, not the call's remaining time, stopped the match.
        RegexMatchTimeoutException match when match.MatchTimeout == options.RegexMatchTimeout => Wrap(ExpressionBudget.RegexMatchTimeout(options), expression, exception),
        TimeoutException or RegexMatchTimeoutException => Wrap(ExpressionBudget.Timeout(options), expression, exception),
        RecursionDepthOverflowException => Wrap(ExpressionBudget.RecursionLimit(options), expression, exception),
        InsufficientExecutionStackException => new(ExpressionErrorKind.RecursionLimit, expression, "calls or values nest too deeply for the evaluation stack", exception),
        OutOfMemoryException => new(ExpressionErrorKind.MemoryLimit, expression, "ran out of memory", exception),
        ParserException parser => new(ExpressionErrorKind.Syntax, expression, $"syntax error: {parser.Description}", parser),

        // Jint 2 has interpreter bugs that surface as arbitrary CLR exceptions (NullReferenceException,
        // InvalidCastException, ArgumentException...) on unusual scripts; they are the script's failure, not the host's.
        _ => new(ExpressionErrorKind.Runtime, expression, $"the script engine failed ({exception.GetType().Name}: {exception.Message})", exception),
    };

    private static ExpressionException Wrap(ExpressionFailureException failure, string expression, Exception cause) =>
        new(failure.Kind, expression, failure.Message, cause);

    /// <summary>"TypeError: x is not a function", read from the error's data properties only, so that no script code runs.</summary>
    private static string Describe(JavaScriptException exception)
    {
        var error = exception.Error;
        string description;
        if (error is not null && error.IsObject())
        {
            var name = ReadString(error.AsObject(), "name") ?? "Error";
            var message = ReadString(error.AsObject(), "message");
            description = !string.IsNullOrEmpty(message) ? $"{name}: {message}"
                : name == "TypeError" ? "TypeError (Jint gives no details; usually a property read on undefined or null, or a call of something that is not a function)"
                : name;
        }
        else
        {
            description = error is null || error.IsUndefined() ? "Uncaught undefined" : $"Uncaught {Primitive(error)}";
        }

        // Jint 2 reports the start of the statement that threw, from 0, in the parenthesized text: on the first line
        // that is the tenant's column counted from 1. The top-level statement is the whole expression: not worth saying.
        var line = exception.LineNumber;
        var column = line == 1 ? exception.Column : exception.Column + 1;
        return line > 1 || column > 1 ? $"{description} (in the statement at line {line}, column {column})" : description;
    }

    private static string Primitive(JsValue value) => value.IsString() ? $"'{value.AsString()}'" : TypeConverter.ToString(value);

    private static string? ReadString(ObjectInstance target, string property)
    {
        for (var current = target; current is not null; current = current.Prototype)
        {
            var descriptor = current.GetOwnProperty(property);
            if (descriptor is null || descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined)
            {
                continue;
            }

            var value = descriptor.Value;
            return value is null || !value.IsPrimitive() || value.IsUndefined() ? null
                : value.IsString() ? value.AsString() : TypeConverter.ToString(value);
        }

        return null;
    }
}
