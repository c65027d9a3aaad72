namespace OrleansFlows.Runtime.Hosting;

/// <summary>Whether this silo is serving, for readiness probes.</summary>
public sealed class SiloStatus
{
    private volatile bool _active;

    /// <summary>True once the store is ready and until shutdown begins.</summary>
    public bool IsActive => _active;

    internal void SetActive(bool active) => _active = active;
}
