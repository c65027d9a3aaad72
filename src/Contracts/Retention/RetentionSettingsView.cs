namespace OrleansFlows.Contracts.Retention;

/// <summary>A tenant's retention with its defaults filled in, and when the nightly job runs next.</summary>
/// <param name="CompletedLeadDays">Days a completed lead is kept.</param>
/// <param name="FailedLeadDays">Days a failed lead is kept.</param>
/// <param name="RecordDays">Days a stored record is kept, or null for ever.</param>
/// <param name="TimeZone">The tenant's time zone, in which the job runs at <paramref name="DailyAt"/>.</param>
/// <param name="DailyAt">The local time of the nightly job, <c>HH:mm</c>.</param>
/// <param name="LastRunDate">The tenant's local date of the last scheduled run, or null if none ran.</param>
/// <param name="NextRunAt">When the next scheduled run is due.</param>
/// <param name="UpdatedAt">When the settings were last set, or null if they are the defaults.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.RetentionSettingsView")]
public sealed record RetentionSettingsView(
    int CompletedLeadDays,
    int FailedLeadDays,
    int? RecordDays,
    string TimeZone,
    string DailyAt,
    DateOnly? LastRunDate,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? UpdatedAt);
