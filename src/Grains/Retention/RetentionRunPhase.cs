namespace OrleansFlows.Grains.Retention;

/// <summary>
/// What a run deletes now. A run starts with <see cref="TenantAudit"/>, then goes through the others in the order of
/// their values. Values are stored contracts.
/// </summary>
public enum RetentionRunPhase
{
    CompletedLeads = 0,
    FailedLeads = 1,
    Records = 2,

    /// <summary>Entries of the tenant's own audit trail older than failed leads are kept.</summary>
    TenantAudit = 4,

    /// <summary>Nothing is left; the run ends with this batch.</summary>
    Done = 3,
}
