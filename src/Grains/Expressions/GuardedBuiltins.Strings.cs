using Jint.Native;
using Jint.Native.RegExp;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

internal sealed partial class GuardedBuiltins
{
    private void InstallStrings()
    {
        var prototype = _engine.String.PrototypeObject;
        Define(prototype, "split", "String.prototype.split", Split);
        Define(prototype, "match", "String.prototype.match", Match);
        Define(prototype, "search", "String.prototype.search", Search);
        Define(prototype, "replace", "String.prototype.replace", Replace);
    }

    /// <summary>Counts the pieces first: Jint 2 spends about 500 bytes per piece, so <c>s.split('')</c> would be costly.</summary>
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
            else if (separator.IsObject() && separator.AsObject() is RegExpInstance regex)
            {
                AddMatchTimeout(regex);
                pieces = CountMatches(regex.Value, text, Options.MaxArrayLength) + 1;
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
            _budget.CheckArrayLength(CountMatches(regex.Value, text, Options.MaxArrayLength), "String.prototype.match");
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
        var replacedByFunction = replacement.IsObject() && replacement.AsObject() is ICallable;
        if (arguments.At(0).IsObject() && arguments.At(0).AsObject() is RegExpInstance { Global: true } regex && !replacedByFunction)
        {
            var replacementText = TypeConverter.ToString(replacement);
            var matches = CountMatches(regex.Value, text, Options.MaxStringLength);
            var substitutions = replacementText.AsSpan().Count('$');
            _budget.CheckStringLength(text.Length + (matches * replacementText.Length) + ((long)substitutions * text.Length), "String.prototype.replace");
        }

        return Original("String.prototype.replace").Call(thisObject, arguments);
    }

    private string ThisString(JsValue thisObject)
    {
        TypeConverter.CheckObjectCoercible(_engine, thisObject);
        var text = TypeConverter.ToString(thisObject);
        _budget.CheckStringLength(text.Length, "String.prototype");
        return text;
    }

    /// <summary>ES5: match and search turn a non-RegExp argument into one; done here so that it gets a match timeout.</summary>
    private RegExpInstance ToRegExp(JsValue pattern)
    {
        var regex = pattern.IsObject() && pattern.AsObject() is RegExpInstance existing
            ? existing
            : (RegExpInstance)_engine.RegExp.Construct([pattern]);
        AddMatchTimeout(regex);
        return regex;
    }

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
