namespace OrleansFlows.Contracts.Tenants;

/// <summary>The tenant's answer to a lead admission: admitted, or the first check that refused it.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.LeadAdmissionVerdict")]
public enum LeadAdmissionVerdict
{
    /// <summary>Every check passed and one lead is counted against today's plan.</summary>
    Admitted = 0,

    /// <summary>The signature matches no active secret, the API key is no longer active, or the tenant does not exist.</summary>
    NotAuthenticated = 1,

    /// <summary>The tenant has no such workflow.</summary>
    UnknownWorkflow = 2,

    /// <summary>The webhook's timestamp is outside the window.</summary>
    StaleTimestamp = 3,

    /// <summary>The tenant is suspended.</summary>
    Suspended = 4,

    /// <summary>The plan's ingest rate is reached.</summary>
    IngestRateReached = 5,

    /// <summary>The daily plan is used up.</summary>
    PlanUsedUp = 6,
}
