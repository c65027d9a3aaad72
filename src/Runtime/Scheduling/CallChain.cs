using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Scheduling;

/// <summary>
/// The grains whose turns are waiting on the current call, innermost last. A call to a grain already on the chain
/// would wait on itself, so it fails at once instead of at its timeout.
/// </summary>
internal sealed class CallChain
{
    private CallChain(GrainId grain, string method, CallChain? caller)
    {
        Grain = grain;
        Method = method;
        Caller = caller;
    }

    public GrainId Grain { get; }

    public string Method { get; }

    public CallChain? Caller { get; }

    public static CallChain Extend(CallChain? caller, GrainId grain, string method) => new(grain, method, caller);

    /// <summary>Rebuilds a chain from its links, outermost first (as <see cref="Links"/> gives them); null for none.</summary>
    public static CallChain? FromLinks(IEnumerable<(GrainId Grain, string Method)> links)
    {
        CallChain? chain = null;
        foreach (var (grain, method) in links)
        {
            chain = new CallChain(grain, method, chain);
        }

        return chain;
    }

    /// <summary>The links, outermost first: what a call carries to another silo.</summary>
    public IReadOnlyList<(GrainId Grain, string Method)> Links()
    {
        var links = new List<(GrainId, string)>();
        for (var link = this; link is not null; link = link.Caller)
        {
            links.Add((link.Grain, link.Method));
        }

        links.Reverse();
        return links;
    }

    public bool Contains(GrainId grain)
    {
        for (var link = this; link is not null; link = link.Caller)
        {
            if (link.Grain == grain)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Outermost first: <c>tenant/a ITenantGrain.X -> lead/a/1 ILeadGrain.Y</c>.</summary>
    public override string ToString() => string.Join(" -> ", Links().Select(l => $"{l.Grain} {l.Method}"));
}
