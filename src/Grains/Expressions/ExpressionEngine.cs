using System.Globalization;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// One Jint engine with the sandbox set up (limits, guarded built-ins, a hardened realm), reused by one call after
/// another through <see cref="ExpressionEnginePool"/>. A call attaches its budget and run data with
/// <see cref="Begin"/>, and <see cref="End"/> puts the global scope back as it was.
/// </summary>
/// <remarks>
/// <para>
/// Nothing a call does may be seen by the next one (another lead, another tenant). The reset strategy:
/// </para>
/// <list type="bullet">
/// <item>Every built-in object, prototype and function (everything reachable from the globals, plus the prototypes
/// only instances reach, such as the iterator prototypes) is frozen once, when the engine is made
/// (<see cref="RealmHardening"/>). A script's write to them is ignored as in any frozen object, so
/// <c>Array.prototype.map = …</c> or <c>Object.prototype.x = 1</c> changes nothing, in this call or the next.</item>
/// <item>The global object itself stays writable, since sloppy scripts may create globals (<c>x = 1</c>,
/// <c>this.x</c>). After each call, globals the call added are deleted and built-in globals it replaced or deleted
/// are put back: one pass over about 70 properties, a few microseconds.</item>
/// <item>An engine is dropped rather than reused when that can't be undone (the global object made non-extensible
/// or given another prototype), and after any failure that interrupted the interpreter from outside the script
/// (a limit, a timeout): its internal state is then not worth trusting.</item>
/// </list>
/// <para>
/// Making a new engine each call would be simpler, but a hardened engine costs milliseconds to make, against
/// microseconds to reset.
/// </para>
/// </remarks>
internal sealed class ExpressionEngine
{
    private readonly BudgetConstraint _constraint = new();
    private readonly ObjectInstance _global;
    private readonly ObjectInstance? _globalPrototype;
    private readonly Dictionary<JsValue, Baseline> _baseline = [];

    public ExpressionEngine(ExpressionOptions options)
    {
        Options = options;

        // No CLR access (Jint only gives it when asked). Jint's statement, time and memory constraints restart with
        // each script; the budget constraint spans the call instead. The recursion limit counts nested calls of one
        // function; the stack guard turns any other deep recursion into an error instead of ending the process, and
        // the budget stops it first (see ExpressionBudget.Check). Regular-expression matches get a timeout: .NET's
        // default is infinite, and a match can't be interrupted otherwise.
        var regexTimeout = RegexTimeout(options);
        Engine = new Engine(engineOptions =>
        {
            engineOptions.Culture = CultureInfo.InvariantCulture;
            engineOptions.TimeZone = TimeZoneInfo.Utc;
            engineOptions.Host.StringCompilationAllowed = false;
            engineOptions.Constraints.MaxRecursionDepth = options.MaxRecursion;
            engineOptions.Constraints.StackOverflowGuard = true;
            engineOptions.Constraints.RegexTimeout = regexTimeout;
            engineOptions.Constraints.Constraints.Add(_constraint);
            engineOptions.LimitMemory(options.MaxAllocatedBytes);
        });
        _global = Engine.Global;
        RealmHardening.Harden(Engine, _constraint);
        _globalPrototype = _global.Prototype;
        foreach (var (key, descriptor) in _global.GetOwnProperties())
        {
            _baseline[key] = new Baseline(descriptor, descriptor.Value, descriptor.Get, descriptor.Set, descriptor.Writable, descriptor.Enumerable, descriptor.Configurable);
        }
    }

    public Engine Engine { get; }

    /// <summary>The options the engine was made with (its recursion limit and regex timeout are fixed at creation).</summary>
    public ExpressionOptions Options { get; }

    /// <summary>Whether a call with <paramref name="callOptions"/> may run on this engine: the limits fixed at its creation are the same.</summary>
    public bool Fits(ExpressionOptions callOptions) =>
        callOptions.MaxRecursion == Options.MaxRecursion && callOptions.MaxAllocatedBytes == Options.MaxAllocatedBytes
        && RegexTimeout(callOptions) == RegexTimeout(Options);

    /// <summary>Attaches a call's budget and puts its run data in the global scope.</summary>
    public void Begin(ExpressionBudget budget, ExpressionScope scope)
    {
        _constraint.Attach(budget);
        SetData("input", scope.Input);
        SetData("steps", scope.Steps);
        SetData("lead", scope.Lead);
    }

    /// <summary>Detaches the call and restores the global scope; false when the engine can't be reused.</summary>
    public bool End()
    {
        _constraint.Detach();
        if (!_global.Extensible || !ReferenceEquals(_global.Prototype, _globalPrototype))
        {
            return false;
        }

        var seen = 0;
        List<JsValue>? added = null;
        List<JsValue>? changed = null;
        foreach (var (key, descriptor) in _global.GetOwnProperties())
        {
            if (!_baseline.TryGetValue(key, out var original))
            {
                (added ??= []).Add(key);
                continue;
            }

            seen++;
            if (!original.Matches(descriptor))
            {
                (changed ??= []).Add(key);
            }
        }

        foreach (var key in added ?? [])
        {
            if (!_global.Delete(key))
            {
                return false;
            }
        }

        if (changed is not null || seen != _baseline.Count)
        {
            foreach (var (key, original) in _baseline)
            {
                if (changed?.Contains(key) == true || _global.GetOwnProperty(key) == PropertyDescriptor.Undefined)
                {
                    _global.FastSetProperty(key, original.Restore());
                }
            }
        }

        return true;
    }


    private static TimeSpan RegexTimeout(ExpressionOptions options) =>
        options.RegexMatchTimeout < options.Timeout ? options.RegexMatchTimeout : options.Timeout;

    private void SetData(string name, JsonNode? node)
    {
        var value = node is null ? JsValue.Null : new JsonParser(Engine).Parse(node.ToJsonString(JsValueConverter.Compact));
        _global.FastSetProperty(name, new PropertyDescriptor(value, writable: true, enumerable: true, configurable: true));
    }

    /// <summary>A built-in global as the engine was made with it.</summary>
    private sealed record Baseline(PropertyDescriptor Descriptor, JsValue? Value, JsValue? Get, JsValue? Set, bool Writable, bool Enumerable, bool Configurable)
    {
        public bool Matches(PropertyDescriptor current) =>
            ReferenceEquals(current, Descriptor) && ReferenceEquals(current.Value, Value) && ReferenceEquals(current.Get, Get)
            && ReferenceEquals(current.Set, Set) && current.Writable == Writable && current.Enumerable == Enumerable && current.Configurable == Configurable;

        public PropertyDescriptor Restore() => Get is not null || Set is not null
            ? new GetSetPropertyDescriptor(Get, Set, Enumerable, Configurable)
            : new PropertyDescriptor(Value, Writable, Enumerable, Configurable);
    }
}
