using System.Collections.Concurrent;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace OrleansFlows.Grains.Expressions;

internal sealed partial class GuardedBuiltins
{
    private const int MaxIndent = 10;

    private static readonly ConcurrentDictionary<(char Character, int Size), JsonSerializerOptions> Indented = new();

    private void InstallJson()
    {
        Define(Global("JSON"), "stringify", "JSON.stringify", Stringify);
        Define(Global("JSON"), "parse", "JSON.parse", Parse);
    }

    private JsValue Stringify(JsValue thisObject, JsValue[] arguments)
    {
        var converter = new JsValueConverter(
            _engine,
            _budget,
            Options.MaxStringLength,
            characters => new ExpressionFailureException(
                ExpressionErrorKind.MemoryLimit,
                $"JSON.stringify made more than {Options.MaxStringLength} characters ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxStringLength)})"),
            arguments.At(1));
        if (!converter.TryConvert(arguments.At(0), out var node))
        {
            return JsValue.Undefined;
        }

        return new JsString(node is null ? "null" : node.ToJsonString(SerializerOptions(arguments.At(2))));
    }

    /// <summary>Jint's JSON parser recurses per nesting level; a string can nest far deeper than any expression.</summary>
    private JsValue Parse(JsValue thisObject, JsValue[] arguments)
    {
        var text = TypeConverter.ToString(arguments.At(0));
        if (NestingDepth(text) > JsValueConverter.MaxDepth)
        {
            throw new ExpressionFailureException(
                ExpressionErrorKind.RecursionLimit,
                $"JSON.parse got text that nests deeper than {JsValueConverter.MaxDepth} levels");
        }

        return Original("JSON.parse").Call(thisObject, arguments);
    }

    /// <summary>ES5 15.12.3 "space": a number of spaces, or the first 10 characters of a string. Only runs of spaces or tabs are supported; any other string indents with that many spaces.</summary>
    private static JsonSerializerOptions SerializerOptions(JsValue space)
    {
        var size = 0;
        var character = ' ';
        if (space.IsNumber() || JsValueConverter.IsWrapper(space, "Number"))
        {
            size = (int)Math.Clamp(TypeConverter.ToInteger(space), 0, MaxIndent);
        }
        else if (space.IsString() || JsValueConverter.IsWrapper(space, "String"))
        {
            var gap = TypeConverter.ToString(space);
            size = Math.Min(gap.Length, MaxIndent);
            character = gap.Length > 0 && gap.All(c => c == '\t') ? '\t' : ' ';
        }

        return size == 0
            ? JsValueConverter.Compact
            : Indented.GetOrAdd((character, size), key => new JsonSerializerOptions(JsValueConverter.Compact)
            {
                WriteIndented = true,
                IndentCharacter = key.Character,
                IndentSize = key.Size,
                NewLine = "\n",
            });
    }

    private static int NestingDepth(string json)
    {
        int depth = 0, deepest = 0;
        var inString = false;
        for (var index = 0; index < json.Length; index++)
        {
            var c = json[index];
            if (inString)
            {
                if (c == '\\')
                {
                    index++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
        }

        return deepest;
    }

    /// <summary>eval and the Function constructor would run text that never went through the expression checks.</summary>
    private void DisableCodeFromStrings()
    {
        var evalError = Global("EvalError");
        var functionPrototype = Prototype("Function");
        var refusal = new ClrFunction(
            _engine,
            "Function",
            (_, _) => throw new JavaScriptException((ErrorConstructor)evalError, "Code generation from strings is not allowed in expressions"),
            1,
            PropertyFlag.Configurable);

        // Keeps `x instanceof Function` working.
        refusal.DefineOwnProperty("prototype", new PropertyDescriptor(functionPrototype, false, false, false));
        var descriptor = new PropertyDescriptor(refusal, true, false, true);
        _engine.Global.FastSetProperty("eval", descriptor);
        _engine.Global.FastSetProperty("Function", descriptor);
        functionPrototype.FastSetProperty("constructor", descriptor);
    }
}
