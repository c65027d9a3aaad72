namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A stored schedule, with defaults filled in, and where the scheduler stands.</summary>
/// <param name="DailyAt">Local run time, <c>HH:mm</c>.</param>
/// <param name="TimeZone">The IANA time zone.</param>
/// <param name="MonthlyReportDay">The monthly report day, or null.</param>
/// <param name="LookBackDays">Catch-up reach in business dates.</param>
/// <param name="Connection">The bulk receiver's connection, or null.</param>
/// <param name="Path">The path the chunks are posted to.</param>
/// <param name="ChunkSize">Records per request.</param>
/// <param name="NotifyConnection">The Slack connection for summaries, or null.</param>
/// <param name="LastCompletedBusinessDate">The latest business date the scheduler has run, or null.</param>
/// <param name="NextRunAt">When the next scheduled run is due, or null while a run is in progress.</param>
/// <param name="UpdatedAt">When the schedule last changed.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationScheduleView")]
public sealed record ReconciliationScheduleView(
    string DailyAt,
    string TimeZone,
    int? MonthlyReportDay,
    int LookBackDays,
    string? Connection,
    string Path,
    int ChunkSize,
    string? NotifyConnection,
    DateOnly? LastCompletedBusinessDate,
    DateTimeOffset? NextRunAt,
    DateTimeOffset UpdatedAt);
