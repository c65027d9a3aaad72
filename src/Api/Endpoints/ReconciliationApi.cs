using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Queries;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for the nightly reconciliation: its schedule, manual runs, the run list with reports, and the records waiting for a run.</summary>
public static class ReconciliationApi
{
    public static RouteGroupBuilder MapReconciliationApi(this RouteGroupBuilder group)
    {
        group.MapPut("/reconciliation/schedule", PutScheduleAsync).WithTags("Reconciliation").WithName("PutReconciliationSchedule")
            .WithSummary("Sets the nightly run time (HH:mm in an IANA zone), the monthly report day, the look-back, and where records and summaries go.")
            .ProducesValidationProblem();
        group.MapGet("/reconciliation/schedule", GetScheduleAsync).WithTags("Reconciliation").WithName("GetReconciliationSchedule")
            .WithSummary("Reads the schedule, the last business date the scheduler ran and when the next run is due.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/reconciliation/runs", StartRunAsync).WithTags("Reconciliation").WithName("StartReconciliationRun")
            .WithSummary("Starts a run for a business date (not in the future); 202 once it is recorded. A completed date needs \"force\": true and runs as a new attempt.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/reconciliation/runs", ListRunsAsync).WithTags("Reconciliation").WithName("ListReconciliationRuns")
            .WithSummary("Lists runs, newest first, optionally of one business date (date=yyyy-MM-dd); reports are left out.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/reconciliation/runs/{runId}", GetRunAsync).WithTags("Reconciliation").WithName("GetReconciliationRun")
            .WithSummary("Reads one run ({businessDate}.{attempt}) with its counts, errors and report.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reconciliation/pending", ListPendingAsync).WithTags("Reconciliation").WithName("ListPendingReconciliationRecords")
            .WithSummary("Lists the records waiting for a business date's nightly run (date=yyyy-MM-dd; default: the next scheduled run's date, or today without one), by lead id.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<Ok<ReconciliationScheduleView>> PutScheduleAsync(ReconciliationScheduleRequest body, HttpContext http, IGrainFactory grains)
    {
        var schedule = new ReconciliationSchedule(
            body.DailyAt, body.TimeZone, body.MonthlyReportDay, body.LookBackDays, body.Connection, body.Path, body.ChunkSize, body.NotifyConnection);
        return TypedResults.Ok(await Grain(http, grains).SetScheduleAsync(schedule));
    }

    private static async Task<Results<Ok<ReconciliationScheduleView>, ProblemHttpResult>> GetScheduleAsync(HttpContext http, IGrainFactory grains) =>
        await Grain(http, grains).GetScheduleAsync() is { } schedule
            ? TypedResults.Ok(schedule)
            : ApiProblems.NotFound("No reconciliation schedule is set; PUT /v1/reconciliation/schedule sets one.");

    private static async Task<Results<Accepted<ReconciliationRunResponse>, ProblemHttpResult>> StartRunAsync(StartRunRequest body, HttpContext http, IGrainFactory grains)
    {
        if (ParseDate(body.BusinessDate) is not { } date)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["businessDate"] = [body.BusinessDate is null ? "'businessDate' is required, as 'yyyy-MM-dd'." : $"'businessDate' must be a date 'yyyy-MM-dd'; '{body.BusinessDate}' is not."],
            });
        }

        var run = await Grain(http, grains).StartRunAsync(new StartReconciliationRun(date, body.Force ?? false));
        return TypedResults.Accepted($"/v1/reconciliation/runs/{run.RunId}", ReconciliationRunResponse.From(run));
    }

    private static async Task<Ok<PageResponse<ReconciliationRunResponse>>> ListRunsAsync(
        string? date, int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        DateOnly? filter = date is null
            ? null
            : ParseDate(date) ?? throw new ArgumentException($"'date' must be a date 'yyyy-MM-dd'; '{date}' is not.", nameof(date));
        var page = await Queries(http, grains).ListRunsAsync(filter, Paging.Limit(limit), cursor);
        return TypedResults.Ok(new PageResponse<ReconciliationRunResponse>(page.Items.Select(ReconciliationRunResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<PendingRecordsResponse>, ProblemHttpResult>> ListPendingAsync(
        string? date, int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        DateOnly? businessDate = null;
        if (date is not null)
        {
            if (ParseDate(date) is not { } parsed)
            {
                return ApiProblems.Validation(new Dictionary<string, string[]> { ["date"] = [$"'date' must be a date 'yyyy-MM-dd'; '{date}' is not."] });
            }

            businessDate = parsed;
        }

        var page = await Queries(http, grains).ListPendingBatchRecordsAsync(businessDate, Paging.Limit(limit), cursor);
        return TypedResults.Ok(PendingRecordsResponse.From(page));
    }

    private static async Task<Results<Ok<ReconciliationRunResponse>, ProblemHttpResult>> GetRunAsync(string runId, HttpContext http, IGrainFactory grains)
    {
        var run = ReconciliationRunIds.Parse(runId) is { } id
            ? await Queries(http, grains).GetRunAsync(id.Date, id.Attempt)
            : null;
        return run is null
            ? ApiProblems.NotFound($"Reconciliation run '{runId}' does not exist (run ids look like '2026-12-02.1').")
            : TypedResults.Ok(ReconciliationRunResponse.From(run));
    }

    private static IReconciliationGrain Grain(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<IReconciliationGrain>(AuthenticatedTenant.Of(http).Value);

    private static ITenantQueryGrain Queries(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
