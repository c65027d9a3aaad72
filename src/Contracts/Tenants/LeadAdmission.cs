namespace OrleansFlows.Contracts.Tenants;

/// <summary>
/// The answer to <see cref="ITenantGrain.AdmitLeadAsync"/>: the verdict and, when admitted, what the lead needs so
/// that it does not ask the tenant again.
/// </summary>
/// <param name="Verdict">Admitted, or the first check that refused.</param>
/// <param name="WorkflowVersion">When admitted: the workflow's latest version, which the lead runs.</param>
/// <param name="TimeZone">When admitted: the tenant's time zone.</param>
/// <param name="BusinessDate">When admitted or refused by the plan: the business date the lead counts against; give it back with <see cref="ITenantGrain.ReleaseLeadAsync"/> if the lead is not accepted.</param>
/// <param name="Limit">When refused by a limit: the plan's ingest rate per minute or leads per day.</param>
/// <param name="RetryAfter">When refused by a limit: how long until a lead fits.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadAdmission")]
public sealed record LeadAdmission(LeadAdmissionVerdict Verdict, int WorkflowVersion, string? TimeZone, string? BusinessDate, int Limit, TimeSpan RetryAfter)
{
    /// <summary>A refusal that carries no limit.</summary>
    public static LeadAdmission Refused(LeadAdmissionVerdict verdict) => new(verdict, 0, null, null, 0, TimeSpan.Zero);
}
