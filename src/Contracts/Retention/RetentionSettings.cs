namespace OrleansFlows.Contracts.Retention;

/// <summary>How long a tenant keeps finished leads and stored records; a null field takes its default.</summary>
/// <param name="CompletedLeadDays">Days after it completed that a lead, with its attempts and audit rows, is deleted (1–3,650); null means 90.</param>
/// <param name="FailedLeadDays">Days after it failed that a lead, with its attempts and audit rows, is deleted (1–3,650); null means 180.</param>
/// <param name="RecordDays">Days after it was stored that a stored record is deleted (1–3,650); null means never.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.RetentionSettings")]
public sealed record RetentionSettings(int? CompletedLeadDays, int? FailedLeadDays, int? RecordDays);
