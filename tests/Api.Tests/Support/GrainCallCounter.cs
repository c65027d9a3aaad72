using System.Collections.Concurrent;

namespace OrleansFlows.Api.Tests.Support;

/// <summary>
/// Records every call that reaches one of the product's grains in the co-hosted silo, as "Interface.Method" with the
/// grain's id, so a test can count the calls one request causes.
/// </summary>
internal sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentQueue<(string Call, string GrainId)> _calls = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType is { } type && type.Namespace?.StartsWith("OrleansFlows.", StringComparison.Ordinal) == true)
        {
            _calls.Enqueue(($"{type.Name}.{context.MethodName}", context.TargetId.ToString()));
        }

        return context.Invoke();
    }

    public void Clear() => _calls.Clear();

    /// <summary>The calls recorded since <see cref="Clear"/> to grains whose id contains <paramref name="grainIdPart"/>, or to the API key index.</summary>
    public IReadOnlyList<string> CallsFor(string grainIdPart) =>
        _calls.Where(c => c.GrainId.Contains(grainIdPart, StringComparison.Ordinal) || c.Call.StartsWith("IApiKeyIndexGrain.", StringComparison.Ordinal))
            .Select(c => c.Call)
            .ToList();
}
