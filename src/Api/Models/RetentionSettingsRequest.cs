namespace OrleansFlows.Api.Models;

/// <summary>The body of <c>PUT /v1/retention</c>: days to keep completed leads, failed leads and stored records; a null or missing field takes its default.</summary>
public sealed record RetentionSettingsRequest(int? CompletedLeadDays, int? FailedLeadDays, int? RecordDays);
