using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Array;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Native.RegExp;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Puts a guard in front of every built-in function of a Jint engine, because Jint 2 checks its time and statement
/// limits only between statements: one built-in call could otherwise run for minutes or allocate gigabytes.
/// </summary>
/// <remarks>
/// Each guarded call checks the budget (time, stack, allocation) and refuses strings over
/// <see cref="ExpressionOptions.MaxStringLength"/> and arrays over <see cref="ExpressionOptions.MaxArrayLength"/>, going
/// in and coming out. Built-ins whose work can outgrow their input are checked before they run (split, match, replace,
/// concat, apply) or replaced (join and toLocaleString are quadratic in Jint 2; JSON.stringify recurses without limit).
/// Regular expressions get a match timeout, since .NET's default is infinite. <c>eval</c> and the <c>Function</c>
/// constructor are disabled: expressions have no use for them, and they would parse unchecked text.
/// Constructors (<c>new Array(n)</c>, <c>new RegExp(p)</c>) are not wrapped, since a wrapper can't be called with
/// <c>new</c>; what they make is checked when a built-in uses it.
/// </remarks>
internal sealed partial class GuardedBuiltins
{
    private readonly Engine _engine;
    private readonly ExpressionBudget _budget;
    private readonly Dictionary<string, FunctionInstance> _originals = [];

    private GuardedBuiltins(Engine engine, ExpressionBudget budget)
    {
        _engine = engine;
        _budget = budget;
    }

    private ExpressionOptions Options => _budget.Options;

    public static void Install(Engine engine, ExpressionBudget budget) => new GuardedBuiltins(engine, budget).Install();

    private void Install()
    {
        GuardAll(_engine.Global, string.Empty);
        GuardAll(_engine.Object, "Object.");
        GuardAll(_engine.Object.PrototypeObject, "Object.prototype.");
        GuardAll(_engine.Function.PrototypeObject, "Function.prototype.");
        GuardAll(_engine.Array, "Array.");
        GuardAll(_engine.Array.PrototypeObject, "Array.prototype.", arrayMethods: true);
        GuardAll(_engine.String, "String.");
        GuardAll(_engine.String.PrototypeObject, "String.prototype.");
        GuardAll(_engine.Number, "Number.");
        GuardAll(_engine.Number.PrototypeObject, "Number.prototype.");
        GuardAll(_engine.Boolean.PrototypeObject, "Boolean.prototype.");
        GuardAll(_engine.Date, "Date.");
        GuardAll(_engine.Date.PrototypeObject, "Date.prototype.");
        GuardAll(_engine.RegExp.PrototypeObject, "RegExp.prototype.");
        GuardAll(_engine.Error.PrototypeObject, "Error.prototype.");
        GuardAll(_engine.Math, "Math.");
        GuardAll(_engine.Json, "JSON.");
        InstallArrays();
        InstallStrings();
        InstallJson();
        DisableCodeFromStrings();
    }

    /// <summary>Guards every own function of <paramref name="holder"/> except constructors and <c>eval</c>.</summary>
    private void GuardAll(ObjectInstance holder, string prefix, bool arrayMethods = false)
    {
        var functions = holder.GetOwnProperties()
            .Where(p => p.Key is not ("constructor" or "eval") && p.Value.Value is { } value && value.IsObject())
            .Select(p => (Name: p.Key, Function: p.Value.Value.AsObject() as FunctionInstance))
            .Where(p => p.Function is not null and not IConstructor)
            .ToList();
        foreach (var (name, original) in functions)
        {
            var qualified = prefix + name;
            _originals[qualified] = original!;
            Func<JsValue, JsValue[], JsValue> call = arrayMethods
                ? (thisObject, arguments) =>
                {
                    CheckArrayLike(thisObject, qualified);
                    return original!.Call(thisObject, arguments);
                }
                : original!.Call;
            Define(holder, name, qualified, call);
        }
    }

    /// <summary>Replaces <paramref name="name"/> on <paramref name="holder"/> with a guarded call of <paramref name="implementation"/>.</summary>
    private void Define(ObjectInstance holder, string name, string qualified, Func<JsValue, JsValue[], JsValue> implementation)
    {
        var length = _originals.TryGetValue(qualified, out var original) ? (int)TypeConverter.ToInteger(original.Get("length")) : 0;
        var function = new ClrFunctionInstance(_engine, (thisObject, arguments) => Guarded(qualified, thisObject, arguments, implementation), length);
        holder.FastSetProperty(name, new PropertyDescriptor(function, true, false, true));
    }

    private FunctionInstance Original(string qualified) => _originals[qualified];

    private JsValue Guarded(string name, JsValue thisObject, JsValue[] arguments, Func<JsValue, JsValue[], JsValue> implementation)
    {
        _budget.Check();
        Admit(thisObject, name);
        foreach (var argument in arguments)
        {
            Admit(argument, name);
        }

        var result = implementation(thisObject, arguments);
        Admit(result, name);
        return result;
    }

    /// <summary>Refuses an oversized string or array, and gives a regular expression its match timeout.</summary>
    private void Admit(JsValue value, string name)
    {
        if (value.IsString())
        {
            _budget.CheckStringLength(value.AsString().Length, name);
        }
        else if (value.IsObject())
        {
            switch (value.AsObject())
            {
                case ArrayInstance array:
                    _budget.CheckArrayLength(TypeConverter.ToUint32(array.Get("length")), name);
                    break;
                case RegExpInstance regex:
                    AddMatchTimeout(regex);
                    break;
            }
        }
    }

    /// <summary>Array methods are generic: they loop to <c>this.length</c>, which any object (or a sparse array) can set to 2^32-1.</summary>
    private void CheckArrayLike(JsValue thisObject, string name)
    {
        if (thisObject.IsString())
        {
            _budget.CheckArrayLength(thisObject.AsString().Length, name);
        }
        else if (thisObject.IsObject() && thisObject.AsObject() is not ArrayInstance)
        {
            _budget.CheckArrayLength(TypeConverter.ToUint32(thisObject.AsObject().Get("length")), name);
        }
    }

    /// <summary>.NET regular expressions backtrack without limit unless given a timeout, and a match can't be interrupted otherwise.</summary>
    private void AddMatchTimeout(RegExpInstance regex)
    {
        if (regex.Value is { } current && current.MatchTimeout == Regex.InfiniteMatchTimeout)
        {
            var remaining = _budget.Remaining;
            var perMatch = _budget.Options.RegexMatchTimeout;
            regex.Value = new Regex(current.ToString(), current.Options, perMatch < remaining ? perMatch : remaining);
        }
    }

    private static long CountMatches(Regex regex, string text, long cap)
    {
        long count = 0;
        for (var match = regex.Match(text); match.Success && count <= cap; match = match.NextMatch())
        {
            count++;
        }

        return count;
    }
}
