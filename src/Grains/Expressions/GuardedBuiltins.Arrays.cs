using System.Globalization;
using System.Text;
using Jint.Native;
using Jint.Native.Array;
using Jint.Native.Object;
using Jint.Runtime;

namespace OrleansFlows.Grains.Expressions;

internal sealed partial class GuardedBuiltins
{
    private void InstallArrays()
    {
        var prototype = _engine.Array.PrototypeObject;
        Define(prototype, "join", "Array.prototype.join", (thisObject, arguments) => Join(thisObject, arguments.At(0)));
        Define(prototype, "toLocaleString", "Array.prototype.toLocaleString", (thisObject, _) => ToLocaleString(thisObject));
        Define(prototype, "concat", "Array.prototype.concat", Concat);
        Define(_engine.Function.PrototypeObject, "apply", "Function.prototype.apply", Apply);
    }

    /// <summary>ES5 15.4.4.5 in linear time; Jint 2's join copies the whole string once per element.</summary>
    private JsValue Join(JsValue thisObject, JsValue separatorArgument)
    {
        var array = TypeConverter.ToObject(_engine, thisObject);
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

        return new JsValue(text.ToString());
    }

    /// <summary>ES5 15.4.4.3 in linear time.</summary>
    private JsValue ToLocaleString(JsValue thisObject)
    {
        var array = TypeConverter.ToObject(_engine, thisObject);
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
                var target = TypeConverter.ToObject(_engine, element);
                if (target.Get("toLocaleString") is var method && method.IsObject() && method.AsObject() is ICallable callable)
                {
                    text.Append(TypeConverter.ToString(callable.Call(target, Arguments.Empty)));
                }
                else
                {
                    throw new JavaScriptException(_engine.TypeError, "toLocaleString is not a function");
                }
            }

            _budget.CheckStringLength(text.Length, "Array.prototype.toLocaleString");
        }

        return new JsValue(text.ToString());
    }

    private JsValue Concat(JsValue thisObject, JsValue[] arguments)
    {
        var total = ConcatLength(thisObject) + arguments.Sum(ConcatLength);
        _budget.CheckArrayLength(total, "Array.prototype.concat");
        return Original("Array.prototype.concat").Call(thisObject, arguments);
    }

    private static long ConcatLength(JsValue value) =>
        value.IsObject() && value.AsObject() is ArrayInstance array ? TypeConverter.ToUint32(array.Get("length")) : 1;

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
