using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Array;
using Jint.Native.Object;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Converts a script value to JSON the way <c>JSON.stringify</c> does (toJSON, replacer, wrapper objects, functions
/// and <c>undefined</c> left out), but with a depth limit, a size limit and budget checks on the way. Jint's own
/// serializer recurses without limit and would overflow the stack on a deeply nested value.
/// </summary>
internal sealed class JsValueConverter
{
    /// <summary>How deep a converted value may nest; the same default as System.Text.Json.</summary>
    public const int MaxDepth = 64;

    /// <summary>Compact JSON that escapes only what JavaScript's JSON.stringify escapes, so non-ASCII text stays readable.</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const double MaxSafeInteger = 9007199254740991;

    private readonly Engine _engine;
    private readonly ExpressionBudget _budget;
    private readonly long _maxCharacters;
    private readonly Func<long, ExpressionFailureException> _tooLarge;
    private readonly JsValue? _replacer;
    private readonly List<string>? _propertyList;
    private readonly HashSet<ObjectInstance> _ancestors = new(ReferenceEqualityComparer.Instance);
    private long _characters;
    private int _visited;

    /// <param name="engine">The engine the values belong to.</param>
    /// <param name="budget">Checked as the value is walked: toJSON, getters and a replacer run script.</param>
    /// <param name="maxCharacters">The most characters of compact JSON the value may produce.</param>
    /// <param name="tooLarge">The failure to throw, given the characters produced so far, when the value is larger.</param>
    /// <param name="replacer">The replacer argument of <c>JSON.stringify</c>: a function, an array of property names, or undefined.</param>
    public JsValueConverter(Engine engine, ExpressionBudget budget, long maxCharacters, Func<long, ExpressionFailureException> tooLarge, JsValue? replacer = null)
    {
        _engine = engine;
        _budget = budget;
        _maxCharacters = maxCharacters;
        _tooLarge = tooLarge;
        if (replacer is not null && replacer.IsObject())
        {
            if (replacer.IsCallable())
            {
                _replacer = replacer;
            }
            else if (replacer is ArrayInstance)
            {
                _propertyList = PropertyList(replacer.AsObject());
            }
        }
    }

    /// <summary>Converts <paramref name="value"/>; false when JSON.stringify would give undefined (undefined, a function).</summary>
    public bool TryConvert(JsValue value, out JsonNode? node)
    {
        var holder = new JsObject(_engine);
        holder.FastSetDataProperty(string.Empty, value);
        return TryConvert(holder, string.Empty, value, 0, out node);
    }

    private bool TryConvert(ObjectInstance holder, string key, JsValue value, int depth, out JsonNode? node)
    {
        if (++_visited % 64 == 0)
        {
            _budget.Check();
        }

        if (value.IsObject() && value.AsObject().Get("toJSON") is var toJson && toJson.IsCallable())
        {
            value = toJson.Call(value, [new JsString(key)]);
        }

        if (_replacer is not null)
        {
            value = _replacer.Call(holder, [new JsString(key), value]);
        }

        value = Unwrap(value);
        node = null;
        switch (value.Type)
        {
            case Types.Null:
                Count(4);
                return true;
            case Types.Boolean:
                Count(5);
                node = JsonValue.Create(value.AsBoolean());
                return true;
            case Types.String:
                var text = value.AsString();
                Count(text.Length + 2);
                node = JsonValue.Create(text);
                return true;
            case Types.Number:
                node = Number(value.AsNumber());
                return true;
            case Types.Object when !value.IsCallable():
                node = Composite(value.AsObject(), depth + 1);
                return true;
            default:
                return false;
        }
    }

    private JsonNode Composite(ObjectInstance value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionFailureException(ExpressionErrorKind.RecursionLimit, $"the value nests deeper than {MaxDepth} levels");
        }

        if (!_ancestors.Add(value))
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "Converting circular structure to JSON");
        }

        try
        {
            return value is ArrayInstance ? Array(value, depth) : Object(value, depth);
        }
        finally
        {
            _ancestors.Remove(value);
        }
    }

    private JsonArray Array(ObjectInstance value, int depth)
    {
        var array = new JsonArray();
        var length = TypeConverter.ToUint32(value.Get("length"));
        Count(2);
        for (uint index = 0; index < length; index++)
        {
            var key = index.ToString(CultureInfo.InvariantCulture);
            Count(1);
            if (!TryConvert(value, key, value.Get(key), depth, out var element))
            {
                Count(4);
            }

            array.Add(element);
        }

        return array;
    }

    private JsonObject Object(ObjectInstance value, int depth)
    {
        var result = new JsonObject();
        Count(2);
        var keys = _propertyList ?? value.GetOwnProperties().Where(p => p.Key.IsString() && p.Value.Enumerable).Select(p => p.Key.ToString()).ToList();
        foreach (var key in keys)
        {
            if (TryConvert(value, key, value.Get(key), depth, out var property))
            {
                Count(key.Length + 4);
                result[key] = property;
            }
        }

        return result;
    }

    private JsonNode? Number(double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number))
        {
            Count(4);
            return null;
        }

        if (Math.Abs(number) <= MaxSafeInteger && Math.Floor(number) == number)
        {
            var integer = (long)number;
            Count(integer.ToString(CultureInfo.InvariantCulture).Length);
            return JsonValue.Create(integer);
        }

        // JavaScript's own number formatting (1e+21, 1.5e-7) is valid JSON and round-trips exactly.
        var text = TypeConverter.ToString(JsNumber.Create(number));
        Count(text.Length);
        return JsonNode.Parse(text);
    }

    private JsValue Unwrap(JsValue value)
    {
        // ES2015 24.3.2.1: Number, String and Boolean objects serialize as their primitive value.
        return value is ObjectInstance and IJsPrimitive { Type: Types.Number or Types.String or Types.Boolean } primitive
            ? primitive.PrimitiveValue
            : value;
    }

    /// <summary>Whether <paramref name="value"/> is a Number, String or Boolean object (as made by <c>new Number(1)</c>) of the named type.</summary>
    public static bool IsWrapper(JsValue value, string type) =>
        value is ObjectInstance and IJsPrimitive primitive && primitive.Type.ToString() == type;

    private List<string> PropertyList(ObjectInstance replacer)
    {
        var names = new List<string>();
        var length = TypeConverter.ToUint32(replacer.Get("length"));
        _budget.CheckArrayLength(length, "JSON.stringify");
        for (uint index = 0; index < length; index++)
        {
            var item = Unwrap(replacer.Get(index.ToString(CultureInfo.InvariantCulture)));
            if ((item.IsString() || item.IsNumber()) && TypeConverter.ToString(item) is var name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private void Count(long characters)
    {
        _characters += characters;
        if (_characters > _maxCharacters)
        {
            throw _tooLarge(_characters);
        }
    }
}
