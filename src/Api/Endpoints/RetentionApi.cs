using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.DataRequests;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Retention;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for data retention: how long finished leads and stored records are kept, the nightly job's runs, and a run started at once.</summary>
public static class RetentionApi
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder group)
    {
        group.MapGet("/retention", GetAsync).WithTags("Retention").WithName("GetRetention")
            .WithSummary("Reads how many days completed leads, failed leads and stored records are kept (defaults 90, 180 and for ever) and when the nightly job runs next.");
        group.MapPut("/retention", PutAsync).WithTags("Retention").WithName("PutRetention")
            .WithSummary("Sets the days (1–3,650) completed leads, failed leads and stored records are kept; a null field takes its default.")
            .ProducesValidationProblem();
        group.MapGet("/retention/runs", ListRunsAsync).WithTags("Retention").WithName("ListRetentionRuns")
            .WithSummary("Lists the retention job's runs, newest first, with what each deleted.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/retention/runs", StartRunAsync).WithTags("Retention").WithName("StartRetentionRun")
            .WithSummary("Starts a retention run at once with the current settings; 202 with the run (status running) once it is recorded, then it deletes in the background; 409 while a run of the tenant is going on.")
            .Produces<RetentionRunView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict).CountsAsDataRequest();
        group.MapGet("/retention/runs/{retentionRunId}", GetRunAsync).WithTags("Retention").WithName("GetRetentionRun")
            .WithSummary("Reads one retention run: running with its counts so far, or finished with what it deleted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<RetentionSettingsView>> GetAsync(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(http, grains).GetSettingsAsync());

    private static async Task<Ok<RetentionSettingsView>> PutAsync(RetentionSettingsRequest body, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(http, grains).SetSettingsAsync(new RetentionSettings(body.CompletedLeadDays, body.FailedLeadDays, body.RecordDays)));

    private static async Task<Ok<PageResponse<RetentionRunView>>> ListRunsAsync(int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        var page = await Grain(http, grains).ListRunsAsync(Paging.Limit(limit), cursor);
        return TypedResults.Ok(new PageResponse<RetentionRunView>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Accepted<RetentionRunView>, ProblemHttpResult>> StartRunAsync(HttpContext http, IGrainFactory grains)
    {
        try
        {
            var run = await Grain(http, grains).StartRunAsync(AuthenticatedTenant.KeyIdOf(http));
            return TypedResults.Accepted($"/v1/retention/runs/{run.RunId}", run);
        }
        catch (RetentionRunConflictException conflict)
        {
            return ApiProblems.Conflict(conflict.Message);
        }
    }

    private static async Task<Results<Ok<RetentionRunView>, ProblemHttpResult>> GetRunAsync(string retentionRunId, HttpContext http, IGrainFactory grains) =>
        await Grain(http, grains).GetRunAsync(retentionRunId) is { } run
            ? TypedResults.Ok(run)
            : ApiProblems.NotFound($"Retention run '{retentionRunId}' does not exist.");

    private static IRetentionGrain Grain(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<IRetentionGrain>(AuthenticatedTenant.Of(http).Value);
}
