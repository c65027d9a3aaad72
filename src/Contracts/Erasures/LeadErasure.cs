namespace OrleansFlows.Contracts.Erasures;

/// <summary>What a lead's erasure removed, as the lead counted it in its own turn.</summary>
/// <param name="Erased">Whether the lead existed and was erased.</param>
/// <param name="Cancelled">Whether the lead was running or waiting and was cancelled first.</param>
/// <param name="Attempts">The step attempts removed.</param>
/// <param name="AuditRows">The audit rows removed.</param>
/// <param name="Records">The stored records removed (0 or 1).</param>
[GenerateSerializer]
[Alias("OrleansFlows.LeadErasure")]
public sealed record LeadErasure(bool Erased, bool Cancelled, int Attempts, int AuditRows, int Records)
{
    /// <summary>Nothing: the lead did not exist.</summary>
    public static LeadErasure None { get; } = new(false, false, 0, 0, 0);
}
