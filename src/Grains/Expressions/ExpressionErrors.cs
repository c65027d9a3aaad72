using System.Text.RegularExpressions;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Turns whatever Jint or the sandbox threw into an <see cref="ExpressionException"/> that names the limit or the script error.</summary>
internal static class ExpressionErrors
{
    public static ExpressionException From(Exception exception, string expression, ExpressionOptions options, Script? program = null, ExpressionBudget? budget = null) => exception switch
    {
        ExpressionException known => known,
        ExpressionFailureException failure => new(failure.Kind, expression, failure.Message, failure),
        JavaScriptException script => new(ExpressionErrorKind.Runtime, expression, Describe(script, program), script),
        StatementsCountOverflowException => Wrap(ExpressionBudget.StatementLimit(options), expression, exception),
        MemoryLimitExceededException => Wrap(ExpressionBudget.MemoryLimit(options, budget?.Allocated ?? 0), expression, exception),
        // The per-match limit, not the call's remaining time, stopped the match.
        RegexMatchTimeoutException match when match.MatchTimeout == options.RegexMatchTimeout => Wrap(ExpressionBudget.RegexMatchTimeout(options), expression, exception),
        TimeoutException or RegexMatchTimeoutException or ExecutionCanceledException => Wrap(ExpressionBudget.Timeout(options), expression, exception),
        RecursionDepthOverflowException => Wrap(ExpressionBudget.RecursionLimit(options), expression, exception),
        InsufficientExecutionStackException => new(ExpressionErrorKind.RecursionLimit, expression, "calls or values nest too deeply for the evaluation stack", exception),
        OutOfMemoryException => new(ExpressionErrorKind.MemoryLimit, expression, "ran out of memory", exception),

        // Interpreter defects can surface as arbitrary CLR exceptions (NullReferenceException, InvalidCastException,
        // ArgumentException...) on unusual scripts; they are the script's failure, not the host's.
        _ => new(ExpressionErrorKind.Runtime, expression, $"the script engine failed ({exception.GetType().Name}: {exception.Message})", exception),
    };

    private static ExpressionException Wrap(ExpressionFailureException failure, string expression, Exception cause) =>
        new(failure.Kind, expression, failure.Message, cause);

    /// <summary>"TypeError: x is not a function", read from the error's data properties only, so that no script code runs.</summary>
    private static string Describe(JavaScriptException exception, Script? program)
    {
        var error = exception.Error;
        string description;
        if (error is ObjectInstance errorObject)
        {
            var name = ReadString(errorObject, "name") ?? "Error";
            var message = ReadString(errorObject, "message");
            description = !string.IsNullOrEmpty(message) ? $"{name}: {message}" : name;
        }
        else
        {
            description = error is null || error.IsUndefined() ? "Uncaught undefined" : $"Uncaught {Primitive(error)}";
        }

        // Where: the start of the innermost statement around the failing code, in the tenant's text (the parser saw it
        // parenthesized). The top-level statement is the whole expression: not worth saying.
        if (program is null || InnermostStatement(program, exception.Location.Start) is not { } statement)
        {
            return description;
        }

        var line = statement.Location.Start.Line;
        var column = line == 1 ? statement.Location.Start.Column : statement.Location.Start.Column + 1;
        return line > 1 || column > 1 ? $"{description} (in the statement at line {line}, column {column})" : description;
    }

    /// <summary>The deepest statement whose source range holds <paramref name="position"/>; null for the top-level one or an unknown position.</summary>
    private static Statement? InnermostStatement(Script program, Acornima.Position position)
    {
        if (position.Line < 1)
        {
            return null;
        }

        Statement? found = null;
        Node? current = program;
        while (current is not null)
        {
            Node? next = null;
            foreach (var child in current.ChildNodes)
            {
                if (Contains(child.Location, position))
                {
                    next = child;
                    break;
                }
            }

            if (next is Statement statement && !ReferenceEquals(next, program.Body[0]))
            {
                found = statement;
            }

            current = next;
        }

        return found;
    }

    private static bool Contains(Acornima.SourceLocation location, Acornima.Position position) =>
        location.Start.CompareTo(position) <= 0 && position.CompareTo(location.End) < 0;

    private static string Primitive(JsValue value) => value.IsString() ? $"'{value.AsString()}'" : TypeConverter.ToString(value);

    private static string? ReadString(ObjectInstance target, string property)
    {
        for (var current = target; current is not null; current = current.Prototype)
        {
            var descriptor = current.GetOwnProperty(property);
            if (descriptor is null || descriptor == PropertyDescriptor.Undefined)
            {
                continue;
            }

            // A frozen built-in's own accessor (see RealmHardening) stands for a plain value; any other getter is script.
            var value = descriptor.IsAccessorDescriptor()
                ? descriptor.Get is { } getter && RealmHardening.TryGetFrozenValue(getter, out var frozen) ? frozen : null
                : descriptor.Value;
            return value is null || !value.IsPrimitive() || value.IsUndefined() ? null
                : value.IsString() ? value.AsString() : TypeConverter.ToString(value);
        }

        return null;
    }
}
