using System.Reflection;
using System.Text.Json;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// Carries a grain's exception back to the calling silo as the same exception type, so a caller (the API mapping
/// errors to responses, say) can't tell a remote grain from a local one. A system exception travels as its type and
/// message; one of our own types also carries the properties its constructor takes (a validation error's field list).
/// </summary>
/// <remarks>
/// Only types from the core library and from OrleansFlows assemblies are rebuilt, and only through a public
/// constructor whose parameters are all known; anything else arrives as a <see cref="RemoteCallException"/> naming
/// the original type, so no message can make a silo instantiate an arbitrary type.
/// </remarks>
internal static class RemoteFaults
{
    private const string OwnAssemblyPrefix = "OrleansFlows.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Assembly CoreLibrary = typeof(object).Assembly;

    public static byte[] Encode(Exception exception)
    {
        var type = exception.GetType();
        var properties = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        if (IsOwn(type.Assembly))
        {
            foreach (var property in CarriedProperties(type))
            {
                try
                {
                    properties[property.Name] = JsonSerializer.SerializeToElement(property.GetValue(exception), property.PropertyType, Json);
                }
                catch (NotSupportedException)
                {
                    // A property JSON can't write stays behind; the constructor then can't be chosen and the caller
                    // gets a RemoteCallException with the message, which is still clear.
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(new WireFault(type.Assembly.GetName().Name ?? "", type.FullName ?? type.Name, exception.Message, properties), Json);
    }

    public static Exception Decode(ReadOnlySpan<byte> payload, string siloAddress)
    {
        WireFault fault;
        try
        {
            fault = JsonSerializer.Deserialize<WireFault>(payload, Json) ?? throw new JsonException("empty fault");
        }
        catch (JsonException exception)
        {
            return new RemoteCallException($"Silo {siloAddress} answered with a fault that can't be read: {exception.Message}");
        }

        return Rebuild(fault) ?? new RemoteCallException($"{fault.Type} on silo {siloAddress}: {fault.Message}");
    }

    private static Exception? Rebuild(WireFault fault)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == fault.Assembly);
        if (assembly is null || !(assembly == CoreLibrary || IsOwn(assembly)))
        {
            return null;
        }

        var type = assembly.GetType(fault.Type, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type) || type.IsAbstract)
        {
            return null;
        }

        var properties = fault.Properties ?? [];
        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            if (TryArguments(constructor, fault.Message, properties) is { } arguments)
            {
                try
                {
                    return (Exception)constructor.Invoke(arguments);
                }
                catch (TargetInvocationException)
                {
                    // A constructor that refuses the values tells us nothing more; try the next one.
                }
            }
        }

        return null;
    }

    private static object?[]? TryArguments(ConstructorInfo constructor, string message, Dictionary<string, JsonElement> properties)
    {
        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.Name == "message" && parameter.ParameterType == typeof(string))
            {
                arguments[i] = message;
            }
            else if (parameter.Name is { } name && properties.TryGetValue(name, out var value))
            {
                try
                {
                    arguments[i] = value.Deserialize(parameter.ParameterType, Json);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
            else if (parameter.IsOptional)
            {
                arguments[i] = parameter.DefaultValue is DBNull ? null : parameter.DefaultValue;
            }
            else
            {
                return null;
            }
        }

        return arguments;
    }

    private static IEnumerable<PropertyInfo> CarriedProperties(Type type) =>
        type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.DeclaringType is { } declaring && IsOwn(declaring.Assembly));

    private static bool IsOwn(Assembly assembly) => assembly.GetName().Name?.StartsWith(OwnAssemblyPrefix, StringComparison.Ordinal) == true;

    private sealed record WireFault(string Assembly, string Type, string Message, Dictionary<string, JsonElement>? Properties);
}
