using System.Collections.Concurrent;
using System.Reflection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Messaging;

/// <summary>A validated grain interface: its grain type and its methods.</summary>
internal sealed class GrainInterface
{
    private static readonly ConcurrentDictionary<Type, GrainInterface> Cache = new();
    private readonly Dictionary<MethodInfo, GrainMethod> _methods;

    private GrainInterface(Type type, GrainType grainType, Dictionary<MethodInfo, GrainMethod> methods)
    {
        Type = type;
        GrainType = grainType;
        _methods = methods;
    }

    public Type Type { get; }

    public GrainType GrainType { get; }

    public IEnumerable<GrainMethod> Methods => _methods.Values;

    public GrainMethod GetMethod(MethodInfo method) => _methods[method];

    /// <summary>Validates and describes a grain interface, once per type.</summary>
    /// <exception cref="InvalidOperationException">The interface breaks a rule; the message names it.</exception>
    public static GrainInterface Get(Type type) => Cache.GetOrAdd(type, Describe);

    private static GrainInterface Describe(Type type)
    {
        if (!type.IsInterface || !typeof(IGrain).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{type.FullName} is not a grain interface: it must be an interface that extends {nameof(IGrain)}.");
        }

        var attribute = type.GetCustomAttribute<GrainTypeAttribute>()
            ?? throw new InvalidOperationException($"Grain interface {type.FullName} needs a [{nameof(GrainTypeAttribute).Replace("Attribute", "")}(\"name\")] attribute.");
        GrainType grainType;
        try
        {
            grainType = Identity.GrainType.Create(attribute.Name);
        }
        catch (ArgumentException exception)
        {
            // Reported as an interface error: callers of GetGrain read ArgumentException as a bad key.
            throw new InvalidOperationException($"Grain interface {type.FullName} has an invalid [GrainType] name: {exception.Message}", exception);
        }

        var methods = new Dictionary<MethodInfo, GrainMethod>();
        foreach (var @interface in type.GetInterfaces().Append(type))
        {
            // Static members (helpers such as a key's bucket) are the interface's own, never calls to a grain.
            foreach (var method in @interface.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                Validate(type, method);
                methods[method] = new GrainMethod(method);
            }
        }

        return new GrainInterface(type, grainType, methods);
    }

    private static void Validate(Type type, MethodInfo method)
    {
        var name = $"{type.Name}.{method.Name}";
        var returnsTask = method.ReturnType == typeof(Task)
            || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>));
        if (!returnsTask)
        {
            throw new InvalidOperationException($"Grain method {name} returns {FormatTypeName(method.ReturnType)}; grain methods must return Task or Task<T>.");
        }

        if (method.IsGenericMethodDefinition)
        {
            throw new InvalidOperationException($"Grain method {name} is generic; grain methods can't be generic.");
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            throw new InvalidOperationException($"Grain method {name} has a ref, in or out parameter; grain methods take values only.");
        }
    }

    /// <summary>A type name as C# writes it, such as <c>ValueTask&lt;Int32&gt;</c> rather than <c>ValueTask`1</c>.</summary>
    private static string FormatTypeName(Type type) =>
        type.IsGenericType && type.Name.IndexOf('`') is > 0 and var tick
            ? $"{type.Name[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(FormatTypeName))}>"
            : type.Name;
}
