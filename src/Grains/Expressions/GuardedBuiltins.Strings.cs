using Jint;
using Jint.Native;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

internal sealed partial class GuardedBuiltins
{
    private void InstallStrings()
    {
        var prototype = Prototype("String");
        Define(prototype, "split", "String.prototype.split", Split);
        Define(prototype, "match", "String.prototype.match", Match);
        Define(prototype, "search", "String.prototype.search", Search);
        Define(prototype, "replace", "String.prototype.replace", Replace);
        Define(prototype, "repeat", "String.prototype.repeat", Repeat);
        Define(prototype, "padStart", "String.prototype.padStart", (thisObject, arguments) => Pad(thisObject, arguments, "String.prototype.padStart"));
        Define(prototype, "padEnd", "String.prototype.padEnd", (thisObject, arguments) => Pad(thisObject, arguments, "String.prototype.padEnd"));
    }

    /// <summary>The result's length is known before it is made: <c>'x'.repeat(1e9)</c> is refused, not built.</summary>
    private JsValue Repeat(JsValue thisObject, JsValue[] arguments)
    {
        var text = ThisString(thisObject);
        var count = TypeConverter.ToNumber(arguments.At(0));
        if (count > 0 && !double.IsInfinity(count) && text.Length > 0)
        {
            _budget.CheckStringLength((long)Math.Min(Math.Floor(count) * text.Length, long.MaxValue / 2), "String.prototype.repeat");
        }

        return Original("String.prototype.repeat").Call(thisObject, arguments);
    }

    private JsValue Pad(JsValue thisObject, JsValue[] arguments, string name)
    {
        ThisString(thisObject);
        var length = TypeConverter.ToNumber(arguments.At(0));
        if (length > 0)
        {
            _budget.CheckStringLength((long)Math.Min(length, long.MaxValue / 2), name);
        }

        return Original(name).Call(thisObject, arguments);
    }

    /// <summary>Counts the pieces first, so that <c>s.split('')</c> of a long string is refused before it is made.</summary>
    private JsValue Split(JsValue thisObject, JsValue[] arguments)
    {
        var text = ThisString(thisObject);
        var separator = arguments.At(0);
        var limit = arguments.At(1);
        if (limit.IsUndefined() || TypeConverter.ToUint32(limit) > Options.MaxArrayLength)
        {
            long pieces;
            if (separator.IsUndefined())
            {
                pieces = 1;
            }
            else if (separator is JsRegExp regex)
            {
                pieces = CountMatches(regex, text, Options.MaxArrayLength) + 1;
            }
            else
            {
                var literal = TypeConverter.ToString(separator);
                pieces = literal.Length == 0 ? text.Length : CountOccurrences(text, literal) + 1;
            }

            _budget.CheckArrayLength(pieces, "String.prototype.split");
        }

        return Original("String.prototype.split").Call(thisObject, arguments);
    }

    /// <summary>A global match makes an array of every match: counted first, for the same reason as split.</summary>
    private JsValue Match(JsValue thisObject, JsValue[] arguments)
    {
        var text = ThisString(thisObject);
        var regex = ToRegExp(arguments.At(0));
        if (regex.Global)
        {
            _budget.CheckArrayLength(CountMatches(regex, text, Options.MaxArrayLength), "String.prototype.match");
        }

        return Original("String.prototype.match").Call(thisObject, [regex]);
    }

    private JsValue Search(JsValue thisObject, JsValue[] arguments)
    {
        ThisString(thisObject);
        return Original("String.prototype.search").Call(thisObject, [ToRegExp(arguments.At(0))]);
    }

    /// <summary>
    /// A global replace with a string can multiply its input (<c>s.replace(/(?:)/g, long)</c>): the output is bounded from
    /// the match count before it runs. A replacer function runs as script, so the budget watches it.
    /// </summary>
    private JsValue Replace(JsValue thisObject, JsValue[] arguments)
    {
        var text = ThisString(thisObject);
        var replacement = arguments.At(1);
        var replacedByFunction = replacement.IsCallable();
        if (!replacedByFunction && arguments.At(0) is JsRegExp { Global: true } regex)
        {
            var replacementText = TypeConverter.ToString(replacement);
            var matches = CountMatches(regex, text, Options.MaxStringLength);
            var substitutions = replacementText.AsSpan().Count('$');
            _budget.CheckStringLength(text.Length + (matches * replacementText.Length) + ((long)substitutions * text.Length), "String.prototype.replace");
        }

        return Original("String.prototype.replace").Call(thisObject, arguments);
    }

    private string ThisString(JsValue thisObject)
    {
        if (thisObject.IsNull() || thisObject.IsUndefined())
        {
            throw TypeError("String.prototype method called on null or undefined");
        }

        var text = TypeConverter.ToString(thisObject);
        _budget.CheckStringLength(text.Length, "String.prototype");
        return text;
    }

    /// <summary>ES5: match and search turn a non-RegExp argument into one; done here so that a global match can be counted first.</summary>
    private JsRegExp ToRegExp(JsValue pattern) =>
        pattern as JsRegExp ?? (JsRegExp)((JsValue)_engine.Intrinsics.RegExp).Call(JsValue.Undefined, [pattern.IsUndefined() ? new JsString("(?:)") : pattern]);

    private JavaScriptException TypeError(string message) => new(_engine.Intrinsics.TypeError, message);

    private static long CountOccurrences(string text, string separator)
    {
        long count = 0;
        for (var index = text.IndexOf(separator, StringComparison.Ordinal); index >= 0; index = text.IndexOf(separator, index + separator.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
