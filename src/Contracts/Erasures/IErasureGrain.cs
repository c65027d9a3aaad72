namespace OrleansFlows.Contracts.Erasures;

/// <summary>
/// One erasure of a data subject from a tenant's data (<c>erasure/{tenantId}/{erasureId}</c>, see <see cref="ErasureKey"/>).
/// Its record (<c>erasures</c>) holds who asked, its state and its counts, never the email it was asked for.
/// </summary>
[Alias("erasure")]
public interface IErasureGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the erasure as running, then erases, in this call: every lead that holds the email (or the one lead
    /// named), each erased by the lead itself in its own turn (a running or waiting lead is cancelled first), then every
    /// stored record with a field that holds the email. The record ends completed with its counts.
    /// </summary>
    /// <exception cref="Tenants.TenantValidationException">Neither or both of an email and a lead id, or one that is malformed.</exception>
    Task<ErasureView> EraseAsync(ErasureRequest request);

    /// <summary>The erasure as recorded, or null when the tenant has no such erasure.</summary>
    Task<ErasureView?> GetAsync();
}
