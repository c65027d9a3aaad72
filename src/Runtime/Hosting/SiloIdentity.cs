namespace OrleansFlows.Runtime.Hosting;

/// <summary>This silo process's identity; a restarted silo gets a new one.</summary>
public sealed class SiloIdentity
{
    /// <summary>A unique id for this run of the silo, used as the owner of reminder leases.</summary>
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
