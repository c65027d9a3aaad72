using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Prepares a new engine's realm for reuse by one tenant call after another: removes what expressions must not
/// have, guards the built-ins (<see cref="GuardedBuiltins"/>) and freezes every built-in object, so that no call can
/// leave anything behind in them. See <see cref="ExpressionEngine"/> for the whole reset strategy.
/// </summary>
internal static class RealmHardening
{
    /// <summary>
    /// Globals removed: binary buffers allocate their whole size at once in native code (<c>new ArrayBuffer(1e9)</c>),
    /// BigInt arithmetic runs unbounded in native code, weak references and finalizers run code after the call ended,
    /// and Temporal and ShadowRealm are large native surfaces expressions don't need. None existed in the ES5 engine
    /// expressions were written for.
    /// </summary>
    private static readonly string[] RemovedGlobals =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "TypedArray", "BigInt", "WeakRef", "FinalizationRegistry",
        "ShadowRealm", "Temporal",
    ];

    /// <summary>The legacy RegExp statics (<c>RegExp.$1</c>, <c>RegExp.lastMatch</c>…) hold the realm's last match: the previous call's data.</summary>
    private static readonly string[] RegExpStatics =
    [
        "input", "$_", "lastMatch", "$&", "lastParen", "$+", "leftContext", "$`", "rightContext", "$'",
        "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9",
    ];

    /// <summary>
    /// Properties of built-in prototypes that scripts commonly set on their own objects (<c>error.name = 'X'</c>,
    /// <c>o.toString = f</c>). On a frozen prototype a plain assignment of an inherited read-only property fails, so
    /// these become accessors whose setter gives the object its own property, as hardened JavaScript realms do.
    /// </summary>
    private static readonly HashSet<string> OverridableNames =
    [
        "constructor", "toString", "toLocaleString", "valueOf", "name", "message", "hasOwnProperty", "isPrototypeOf",
        "propertyIsEnumerable", "toJSON",
    ];

    /// <summary>The prototypes only instances reach (iterators, generator and async functions): not reachable from a global by properties.</summary>
    private const string HiddenIntrinsics = """
        (() => {
          const found = [];
          const add = make => { try { found.push(Object.getPrototypeOf(make())) } catch (e) { } };
          add(() => [][Symbol.iterator]());
          add(() => Object.getPrototypeOf([][Symbol.iterator]()));
          add(() => new Map()[Symbol.iterator]());
          add(() => new Set()[Symbol.iterator]());
          add(() => ''[Symbol.iterator]());
          add(() => /a/[Symbol.matchAll](''));
          add(() => function* () { });
          add(() => function* () { }());
          add(() => async function () { });
          add(() => async function* () { });
          add(() => async function* () { }());
          add(() => Iterator.from({ next() { return { done: true } } }));
          add(() => [].values().map(x => x));
          add(() => new Intl.Segmenter().segment('a'));
          add(() => new Intl.Segmenter().segment('a')[Symbol.iterator]());
          add(() => (function () { return arguments })());
          return found;
        })()
        """;

    /// <summary>The values behind the accessors made for <see cref="OverridableNames"/>, by getter, so error messages can read them without running script.</summary>
    private static readonly ConditionalWeakTable<ObjectInstance, JsValue> FrozenValues = [];

    public static void Harden(Engine engine, BudgetConstraint constraint)
    {
        var global = engine.Global;
        foreach (var name in RemovedGlobals.Concat(global.GetOwnProperties().Select(p => p.Key.ToString()).Where(IsTypedArray).ToList()))
        {
            global.Delete(name);
        }

        var regExp = engine.Intrinsics.RegExp;
        foreach (var name in RegExpStatics)
        {
            regExp.Delete(name);
        }

        // Run before the guards: they need a call's budget.
        var hidden = engine.Evaluate(HiddenIntrinsics).AsArray();
        var freeze = engine.Intrinsics.Object.Get("freeze");

        GuardedBuiltins.Install(engine, constraint);

        var roots = global.GetOwnProperties().Select(p => p.Value).SelectMany(Values)
            .Concat(Enumerable.Range(0, (int)hidden.Length).Select(i => hidden.Get(i)));
        var (reachable, prototypes) = Reachable(roots, global);
        foreach (var target in reachable)
        {
            if (prototypes.Contains(target))
            {
                MakeOverridable(engine, target, freeze);
            }

            freeze.Call(JsValue.Undefined, [target]);
        }
    }

    /// <summary>The value a frozen prototype's overridable property holds, when <paramref name="getter"/> is one of the accessors made here.</summary>
    public static bool TryGetFrozenValue(JsValue getter, out JsValue value)
    {
        value = JsValue.Undefined;
        return getter is ObjectInstance function && FrozenValues.TryGetValue(function, out value!);
    }

    private static bool IsTypedArray(string name) => name != "Array" && name.EndsWith("Array", StringComparison.Ordinal);

    private static IEnumerable<JsValue> Values(PropertyDescriptor descriptor) =>
        new[] { descriptor.Value, descriptor.Get, descriptor.Set }.Where(v => v is not null)!;

    /// <summary>Every object reachable from <paramref name="roots"/> by properties, accessors and prototypes, except the global object; and which of them are prototypes.</summary>
    private static (List<ObjectInstance> Reachable, HashSet<ObjectInstance> Prototypes) Reachable(IEnumerable<JsValue> roots, ObjectInstance global)
    {
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance) { global };
        var prototypes = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        var reachable = new List<ObjectInstance>();
        var pending = new Stack<JsValue>(roots);
        while (pending.TryPop(out var value))
        {
            if (value is not ObjectInstance target || !seen.Add(target))
            {
                continue;
            }

            reachable.Add(target);
            if (target.Prototype is { } prototype)
            {
                prototypes.Add(prototype);
                pending.Push(prototype);
            }

            foreach (var (key, descriptor) in target.GetOwnProperties())
            {
                if (key.ToString() == "prototype" && descriptor.Value is ObjectInstance instancePrototype)
                {
                    prototypes.Add(instancePrototype);
                }

                foreach (var child in Values(descriptor))
                {
                    pending.Push(child);
                }
            }
        }

        prototypes.Remove(global);
        return (reachable, prototypes);
    }

    private static void MakeOverridable(Engine engine, ObjectInstance home, JsValue freeze)
    {
        var overridable = home.GetOwnProperties()
            .Where(p => p.Key.IsString() && OverridableNames.Contains(p.Key.ToString()) && p.Value.IsDataDescriptor() && p.Value.Configurable)
            .ToList();
        foreach (var (key, descriptor) in overridable)
        {
            var value = descriptor.Value;
            var getter = new ClrFunction(engine, "get " + key, (_, _) => value, 0, PropertyFlag.Configurable);
            var setter = new ClrFunction(
                engine,
                "set " + key,
                (thisObject, arguments) =>
                {
                    // Writes to the frozen prototype itself are ignored, like any write to a frozen object.
                    if (thisObject is ObjectInstance target && !ReferenceEquals(target, home))
                    {
                        target.DefineOwnProperty(key, new PropertyDescriptor(arguments.At(0), writable: true, enumerable: true, configurable: true));
                    }

                    return JsValue.Undefined;
                },
                1,
                PropertyFlag.Configurable);
            FrozenValues.AddOrUpdate(getter, value);
            home.DefineOwnProperty(key, new GetSetPropertyDescriptor(getter, setter, descriptor.Enumerable, configurable: true));
            freeze.Call(JsValue.Undefined, [getter]);
            freeze.Call(JsValue.Undefined, [setter]);
        }
    }
}
