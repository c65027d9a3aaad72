using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Array;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Puts a guard in front of every built-in function of a Jint engine, because Jint checks its time and statement
/// limits only between statements: one built-in call could otherwise run for minutes or allocate gigabytes.
/// </summary>
/// <remarks>
/// Each guarded call checks the budget (time, stack, allocation) and refuses strings over
/// <see cref="ExpressionOptions.MaxStringLength"/> and arrays over <see cref="ExpressionOptions.MaxArrayLength"/>, going
/// in and coming out. Built-ins whose work can outgrow their input are checked before they run (split, match, replace,
/// concat, apply, repeat, padStart, padEnd, Array.from) or replaced (join and toLocaleString, whose results are
/// checked as they grow; JSON.stringify, which recurses without limit). Regular expressions get their match timeout
/// from the engine (<see cref="ExpressionOptions.RegexMatchTimeout"/>). <c>eval</c> and the <c>Function</c>
/// constructor are disabled: expressions have no use for them, and they would parse unchecked text.
/// Constructors (<c>new Array(n)</c>, <c>new RegExp(p)</c>) are not wrapped, since a wrapper can't be called with
/// <c>new</c>; what they make is checked when a built-in uses it.
/// </remarks>
internal sealed partial class GuardedBuiltins
{
    private readonly Engine _engine;
    private readonly BudgetConstraint _constraint;
    private readonly Dictionary<string, JsValue> _originals = [];

    private GuardedBuiltins(Engine engine, BudgetConstraint constraint)
    {
        _engine = engine;
        _constraint = constraint;
    }

    /// <summary>The budget of the call running on the engine: the guards are made once per engine, and serve call after call.</summary>
    private ExpressionBudget _budget => _constraint.Budget;

    private ExpressionOptions Options => _budget.Options;

    public static void Install(Engine engine, BudgetConstraint constraint) => new GuardedBuiltins(engine, constraint).Install();

    private void Install()
    {
        GuardAll(_engine.Global, string.Empty);
        foreach (var name in (string[])["Object", "Array", "String", "Number", "Date", "Math", "JSON", "Reflect", "Promise", "Symbol"])
        {
            GuardAll(Global(name), name + ".", arrayMethods: false);
        }

        foreach (var name in (string[])["Object", "Function", "String", "Number", "Boolean", "Date", "RegExp", "Error", "Map", "Set", "WeakMap", "WeakSet", "Promise", "Symbol"])
        {
            GuardAll(Prototype(name), name + ".prototype.");
        }

        GuardAll(Prototype("Array"), "Array.prototype.", arrayMethods: true);
        InstallArrays();
        InstallStrings();
        InstallJson();
        DisableCodeFromStrings();
    }

    /// <summary>Guards every own function of <paramref name="holder"/> except constructors and <c>eval</c>.</summary>
    private void GuardAll(ObjectInstance holder, string prefix, bool arrayMethods = false)
    {
        var functions = holder.GetOwnProperties()
            .Where(p => p.Key.IsString() && p.Key.ToString() is not ("constructor" or "eval") && p.Value.Value is { } value && value.IsObject())
            .Select(p => (Name: p.Key.ToString(), Function: p.Value.Value.AsObject() as Function))
            .Where(p => p.Function is not null && !p.Function.IsConstructor())
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
        var function = new ClrFunction(_engine, name, (thisObject, arguments) => Guarded(qualified, thisObject, arguments, implementation), length, PropertyFlag.Configurable);
        holder.FastSetProperty(name, new PropertyDescriptor(function, true, false, true));
    }

    private JsValue Original(string qualified) => _originals[qualified];

    /// <summary>ES5 9.9 ToObject: a primitive becomes its wrapper object; null and undefined are a TypeError.</summary>
    private ObjectInstance ToObject(JsValue value) =>
        value as ObjectInstance ?? ((JsValue)_engine.Intrinsics.Object).Call(JsValue.Undefined, [(value.IsNull() || value.IsUndefined()) ? throw new JavaScriptException(_engine.Intrinsics.TypeError, "Cannot convert undefined or null to object") : value]).AsObject();

    /// <summary>A global built-in (Jint's intrinsics expose only some of them).</summary>
    private ObjectInstance Global(string name) => _engine.Global.Get(name).AsObject();

    private ObjectInstance Prototype(string name) => Global(name).Get("prototype").AsObject();

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

    /// <summary>Refuses an oversized string or array.</summary>
    private void Admit(JsValue value, string name)
    {
        if (value is JsString text)
        {
            _budget.CheckStringLength(text.Length, name);
        }
        else if (value is ArrayInstance array)
        {
            _budget.CheckArrayLength(TypeConverter.ToUint32(array.Get("length")), name);
        }
    }

    /// <summary>Array methods are generic: they loop to <c>this.length</c>, which any object (or a sparse array) can set to 2^32-1.</summary>
    private void CheckArrayLike(JsValue thisObject, string name)
    {
        if (thisObject.IsString())
        {
            _budget.CheckArrayLength(thisObject.AsString().Length, name);
        }
        else if (thisObject.IsObject() && thisObject is not ArrayInstance)
        {
            _budget.CheckArrayLength(TypeConverter.ToUint32(thisObject.AsObject().Get("length")), name);
        }
    }

    /// <summary>How many matches <paramref name="regex"/> finds in <paramref name="text"/>, counting no further than <paramref name="cap"/> + 1; 0 when the engine matches it with its own matcher rather than .NET's.</summary>
    private static long CountMatches(JsRegExp regex, string text, long cap)
    {
        if (regex.Value is not { } dotnet)
        {
            return 0;
        }

        long count = 0;
        for (var match = dotnet.Match(text); match.Success && count <= cap; match = match.NextMatch())
        {
            count++;
        }

        return count;
    }
}
