namespace OrleansFlows.Runtime.Hosting;

/// <summary>Whether this silo is serving, for readiness probes.</summary>
public sealed class SiloStatus
{
    private volatile bool _active;
    private volatile Func<bool> _alsoRequired = static () => true;

    /// <summary>True once the store is ready and until shutdown begins (and, in a cluster, while this silo is an active member).</summary>
    public bool IsActive => _active && _alsoRequired();

    internal void SetActive(bool active) => _active = active;

    /// <summary>Adds a condition the silo must meet to count as serving (cluster membership, say).</summary>
    internal void RequireAlso(Func<bool> condition)
    {
        var previous = _alsoRequired;
        _alsoRequired = () => previous() && condition();
    }
}
