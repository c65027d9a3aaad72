using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.Runtime.Scheduling;

namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// Turns grain calls and their results into transport payloads and back, for the grain interfaces it was built with.
/// Every parameter and result type is checked when the codec is built, so a type that can't cross silos fails at
/// start-up with the method's name, never silently in a call.
/// </summary>
/// <remarks>
/// The format is JSON (System.Text.Json, web defaults) so that records gain fields compatibly: a newer silo's extra
/// field is ignored by an older one. Types come first from the serializers generated at compile time that the
/// interfaces' assemblies name (<see cref="GeneratedGrainSerializerAttribute"/>), then from reflection, which writes
/// the same JSON. A method is named by interface, method and parameter types, so an overload or a changed signature
/// is a different method, refused with a clear error by a silo that lacks it.
/// </remarks>
internal sealed class GrainCallCodec
{
    private readonly JsonSerializerOptions _json;
    private readonly Dictionary<string, GrainMethod> _methods = new(StringComparer.Ordinal);

    // Each method's key, built once: building it takes reflection and several strings, too dear for every call.
    private readonly Dictionary<GrainMethod, string> _keys = new(ReferenceEqualityComparer.Instance);

    public GrainCallCodec(IEnumerable<Type> grainInterfaces)
    {
        var interfaces = grainInterfaces.ToList();
        var generated = GeneratedSerializers(interfaces);
        _json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([WireJsonContext.Default, .. generated, new DefaultJsonTypeInfoResolver()]),
        };
        var problems = new List<string>();
        var byReflection = new HashSet<Type>();
        foreach (var type in interfaces)
        {
            foreach (var method in GrainInterface.Get(type).Methods)
            {
                problems.AddRange(WireTypeRules.Check(method));
                var key = MethodKey(method.Method);
                _methods[key] = method;
                _keys[method] = key;
                byReflection.UnionWith(WireTypes(method).Where(t => !generated.Any(g => g.GetTypeInfo(t, _json) is not null)));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Grain interfaces that can't be called across silos: " + string.Join(" ", problems));
        }

        TypesByReflection = byReflection.OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Parameter and result types that no generated serializer covers, so reflection reads and writes them.</summary>
    public IReadOnlyList<Type> TypesByReflection { get; }

    public static string MethodKey(MethodInfo method) =>
        $"{method.DeclaringType!.FullName}.{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName))})";

    /// <summary>Encodes a call, with the chain of grains waiting on it (so a cycle is caught across silos too).</summary>
    public byte[] EncodeRequest(GrainId grain, GrainMethod method, object?[] arguments, CallChain? chain = null)
    {
        var parameters = method.Parameters;
        var encoded = new JsonElement[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            encoded[i] = JsonSerializer.SerializeToElement(arguments[i], parameters[i].ParameterType, _json);
        }

        return JsonSerializer.SerializeToUtf8Bytes(
            new WireRequest(grain.ToString(), _keys.GetValueOrDefault(method) ?? MethodKey(method.Method), encoded, WireLinks(chain), null),
            WireJsonContext.Default.WireRequest);
    }

    /// <summary>Encodes a reminder tick for delivery to its grain on another silo.</summary>
    public byte[] EncodeReminder(ClaimedReminder claimed)
    {
        var entry = claimed.Entry;
        var tick = new WireReminder(entry.Name, entry.DueAt, entry.Period, claimed.Version, claimed.ClaimedAt);
        return JsonSerializer.SerializeToUtf8Bytes(new WireRequest(entry.GrainId.ToString(), null, null, null, tick), WireJsonContext.Default.WireRequest);
    }

    /// <summary>Decodes a call (<see cref="InboundMessage.Method"/> set) or a reminder tick (<see cref="InboundMessage.Reminder"/> set).</summary>
    /// <exception cref="InvalidDataException">The payload is not a message this silo knows; the message says why.</exception>
    public InboundMessage DecodeInbound(ReadOnlySpan<byte> payload)
    {
        WireRequest request;
        try
        {
            request = JsonSerializer.Deserialize(payload, WireJsonContext.Default.WireRequest) ?? throw new InvalidDataException("The grain call is empty.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The grain call is not valid: {exception.Message}", exception);
        }

        var grain = ReadGrainId(request.Grain);
        if (request.Reminder is { } tick)
        {
            var entry = new ReminderEntry(grain, tick.Name ?? "", tick.DueAt, tick.Period);
            return new InboundMessage(grain, null, [], null, new ClaimedReminder(entry, tick.Version, tick.ClaimedAt));
        }

        if (request.Method is null || !_methods.TryGetValue(request.Method, out var method))
        {
            throw new InvalidDataException($"This silo has no grain method {request.Method ?? "(none)"}; the silos may run different versions.");
        }

        var parameters = method.Parameters;
        if (request.Arguments is null || request.Arguments.Length != parameters.Count)
        {
            throw new InvalidDataException($"The call to {method.DisplayName} has {request.Arguments?.Length ?? 0} arguments; the method takes {parameters.Count}.");
        }

        var arguments = new object?[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            try
            {
                arguments[i] = request.Arguments[i].Deserialize(parameters[i].ParameterType, _json);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"Argument '{parameters[i].Name}' of {method.DisplayName} can't be read as {parameters[i].ParameterType.Name}: {exception.Message}", exception);
            }
        }

        var chain = request.Chain is null ? null : CallChain.FromLinks(request.Chain.Select(l => (ReadGrainId(l.Grain), l.Method ?? "")));
        return new InboundMessage(grain, method, arguments, chain, null);
    }

    /// <summary>Decodes a call; see <see cref="DecodeInbound"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is not a call this silo knows.</exception>
    public (GrainId Grain, GrainMethod Method, object?[] Arguments) DecodeRequest(ReadOnlySpan<byte> payload)
    {
        var message = DecodeInbound(payload);
        return message.Method is { } method
            ? (message.Grain, method, message.Arguments)
            : throw new InvalidDataException($"The message for {message.Grain} is a reminder tick, not a call.");
    }

    public byte[] EncodeResult(GrainMethod method, object? result) =>
        method.ResultType is null ? [] : JsonSerializer.SerializeToUtf8Bytes(result, method.ResultType, _json);

    public object? DecodeResult(GrainMethod method, ReadOnlySpan<byte> payload) =>
        method.ResultType is null ? null : JsonSerializer.Deserialize(payload, method.ResultType, _json);

    private static IEnumerable<Type> WireTypes(GrainMethod method) =>
        method.Parameters.Select(p => p.ParameterType).Concat(method.ResultType is { } result ? [result] : []);

    /// <exception cref="InvalidOperationException">An assembly names a type that is not a generated serializer.</exception>
    private static List<IJsonTypeInfoResolver> GeneratedSerializers(IEnumerable<Type> interfaces) =>
        interfaces.Select(i => i.Assembly).Distinct()
            .SelectMany(a => a.GetCustomAttributes<GeneratedGrainSerializerAttribute>())
            .Select(a => a.Context).Distinct()
            .Select(context => typeof(JsonSerializerContext).IsAssignableFrom(context) && context.GetConstructor(Type.EmptyTypes) is not null
                ? (IJsonTypeInfoResolver)Activator.CreateInstance(context)!
                : throw new InvalidOperationException($"{context.FullName} is named as a generated grain serializer but is not a JsonSerializerContext with a public parameterless constructor."))
            .ToList();

    private static WireLink[]? WireLinks(CallChain? chain) =>
        chain?.Links().Select(l => new WireLink(l.Grain.ToString(), l.Method)).ToArray();

    private static GrainId ReadGrainId(string? text)
    {
        try
        {
            return GrainId.Parse(text ?? "");
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"The message names an invalid grain id: {exception.Message}", exception);
        }
    }

}

internal sealed record WireRequest(string? Grain, string? Method, JsonElement[]? Arguments, WireLink[]? Chain, WireReminder? Reminder);

internal sealed record WireLink(string? Grain, string? Method);

internal sealed record WireReminder(string? Name, DateTimeOffset DueAt, TimeSpan? Period, long Version, DateTimeOffset ClaimedAt);

/// <summary>The envelope of a grain call, serialized by code generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WireRequest))]
internal sealed partial class WireJsonContext : JsonSerializerContext;

/// <summary>A decoded message from another silo: a grain call, or a reminder tick.</summary>
internal sealed record InboundMessage(GrainId Grain, GrainMethod? Method, object?[] Arguments, CallChain? Chain, ClaimedReminder? Reminder);
