using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;
using OrleansFlows.Contracts.Retention;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for data retention: how long finished leads and stored records are kept, and the nightly job's runs.</summary>
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

    private static IRetentionGrain Grain(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<IRetentionGrain>(AuthenticatedTenant.Of(http).Value);
}
