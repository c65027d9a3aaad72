namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>What a tenant asks for: when its nightly batch runs and where its results go.</summary>
/// <param name="DailyAt">Local wall-clock time of the daily run, <c>HH:mm</c> (for example <c>02:00</c>); the run reconciles the previous business date.</param>
/// <param name="TimeZone">The tenant's IANA time zone, such as <c>Europe/Berlin</c>.</param>
/// <param name="MonthlyReportDay">Day of the month (1–31) whose run adds the month's totals; 29–31 mean the last day in shorter months. Null for none.</param>
/// <param name="LookBackDays">How many missed business dates catch-up may reach (1–31); null means 7.</param>
/// <param name="Connection">An <c>http</c> connection that receives the records in bulk, or null to skip sending.</param>
/// <param name="Path">The path on <paramref name="Connection"/> that takes the chunks; null means <c>/</c>.</param>
/// <param name="ChunkSize">Records per request (1–5,000); null means 500.</param>
/// <param name="NotifyConnection">A <c>slack</c> connection that gets a short summary of each run, or null.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationSchedule")]
public sealed record ReconciliationSchedule(
    string? DailyAt,
    string? TimeZone,
    int? MonthlyReportDay = null,
    int? LookBackDays = null,
    string? Connection = null,
    string? Path = null,
    int? ChunkSize = null,
    string? NotifyConnection = null);
