using System.Globalization;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Array;
using Jint.Native.Object;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

internal sealed partial class GuardedBuiltins
{
    private void InstallArrays()
    {
        var prototype = Prototype("Array");
        Define(prototype, "join", "Array.prototype.join", (thisObject, arguments) => Join(thisObject, arguments.At(0)));
        Define(prototype, "toLocaleString", "Array.prototype.toLocaleString", (thisObject, _) => ToLocaleString(thisObject));
        Define(prototype, "concat", "Array.prototype.concat", Concat);
        Define(Prototype("Function"), "apply", "Function.prototype.apply", Apply);
        Define(Global("Array"), "from", "Array.from", From);
    }

    /// <summary>ES5 15.4.4.5, checking the string's length as it grows.</summary>
    private JsValue Join(JsValue thisObject, JsValue separatorArgument)
    {
        var array = ToObject(thisObject);
        var length = CheckedLength(array, "Array.prototype.join");
        var separator = separatorArgument.IsUndefined() ? "," : TypeConverter.ToString(separatorArgument);
        var text = new StringBuilder();
        for (uint index = 0; index < length; index++)
        {
            if (index > 0)
            {
                text.Append(separator);
            }

            var element = array.Get(index.ToString(CultureInfo.InvariantCulture));
            if (!element.IsUndefined() && !element.IsNull())
            {
                // For a nested array this calls toString, then join again: guarded, so depth is checked.
                text.Append(TypeConverter.ToString(element));
            }

            _budget.CheckStringLength(text.Length, "Array.prototype.join");
        }

        return new JsString(text.ToString());
    }

    /// <summary>ES5 15.4.4.3 in linear time.</summary>
    private JsValue ToLocaleString(JsValue thisObject)
    {
        var array = ToObject(thisObject);
        var length = CheckedLength(array, "Array.prototype.toLocaleString");
        var text = new StringBuilder();
        for (uint index = 0; index < length; index++)
        {
            if (index > 0)
            {
                text.Append(',');
            }

            var element = array.Get(index.ToString(CultureInfo.InvariantCulture));
            if (!element.IsUndefined() && !element.IsNull())
            {
                var target = ToObject(element);
                if (target.Get("toLocaleString") is var method && method.IsCallable())
                {
                    text.Append(TypeConverter.ToString(method.Call(target, Arguments.Empty)));
                }
                else
                {
                    throw TypeError("toLocaleString is not a function");
                }
            }

            _budget.CheckStringLength(text.Length, "Array.prototype.toLocaleString");
        }

        return new JsString(text.ToString());
    }

    private JsValue Concat(JsValue thisObject, JsValue[] arguments)
    {
        var total = ConcatLength(thisObject) + arguments.Sum(ConcatLength);
        _budget.CheckArrayLength(total, "Array.prototype.concat");
        return Original("Array.prototype.concat").Call(thisObject, arguments);
    }

    private static long ConcatLength(JsValue value) =>
        value is ArrayInstance array ? TypeConverter.ToUint32(array.Get("length")) : 1;

    /// <summary>Array.from copies an array-like of any <c>length</c> (an iterable is walked by guarded calls, and its result checked).</summary>
    private JsValue From(JsValue thisObject, JsValue[] arguments)
    {
        var source = arguments.At(0);
        if (source is ObjectInstance arrayLike && source is not ArrayInstance)
        {
            CheckedLength(arrayLike, "Array.from");
        }
        else if (source is JsString text)
        {
            _budget.CheckArrayLength(text.Length, "Array.from");
        }

        return Original("Array.from").Call(thisObject, arguments);
    }

    /// <summary>apply copies its array-like argument into an argument list: 2^32-1 entries if its length says so.</summary>
    private JsValue Apply(JsValue thisObject, JsValue[] arguments)
    {
        var argumentList = arguments.At(1);
        if (argumentList.IsObject())
        {
            CheckedLength(argumentList.AsObject(), "Function.prototype.apply");
        }

        return Original("Function.prototype.apply").Call(thisObject, arguments);
    }

    private uint CheckedLength(ObjectInstance arrayLike, string name)
    {
        var length = TypeConverter.ToUint32(arrayLike.Get("length"));
        _budget.CheckArrayLength(length, name);
        return length;
    }
}
