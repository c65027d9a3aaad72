using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Reconciliation;

namespace OrleansFlows.Api.Models;

/// <summary>The body of <c>PUT /v1/reconciliation/schedule</c>: each field is described in docs/api.md, "Nightly reconciliation".</summary>
public sealed record ReconciliationScheduleRequest(
    [property: Required] string? DailyAt,
    [property: Required] string? TimeZone,
    int? MonthlyReportDay,
    int? LookBackDays,
    string? Connection,
    string? Path,
    int? ChunkSize,
    string? NotifyConnection);

/// <summary>The body of <c>POST /v1/reconciliation/runs</c>: a business date <c>yyyy-MM-dd</c>, and <c>force</c> to run a completed date again.</summary>
public sealed record StartRunRequest([property: Required] string? BusinessDate, bool? Force);

/// <summary>A run, with its report as JSON.</summary>
public sealed record ReconciliationRunResponse(
    string Id,
    string BusinessDate,
    int Attempt,
    ReconciliationTrigger Trigger,
    ReconciliationRunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    ReconciliationCounts? Counts,
    IReadOnlyList<string> Errors,
    JsonNode? Report)
{
    public static ReconciliationRunResponse From(ReconciliationRunView run) => new(
        run.RunId,
        run.BusinessDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        run.Attempt,
        run.Trigger,
        run.Status,
        run.StartedAt,
        run.FinishedAt,
        run.Counts,
        run.Errors,
        run.ReportJson is null ? null : JsonNode.Parse(run.ReportJson));
}
