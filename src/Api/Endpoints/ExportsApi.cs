using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.DataRequests;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Exports;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for exports of everything the tenant holds: start one, read its state, download its zip.</summary>
public static class ExportsApi
{
    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder group)
    {
        group.MapPost("/exports", StartAsync).WithTags("Exports").WithName("StartExport")
            .WithSummary("Starts an export of everything the tenant holds (leads, attempts, audit, records, workflows, connections without secrets, schedule, runs, usage); 202 once it is recorded, then it runs in the background; 409 while another export of the tenant is queued or running.")
            .Produces<ExportView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict).CountsAsDataRequest();
        group.MapGet("/exports/{exportId}", GetAsync).WithTags("Exports").WithName("GetExport")
            .WithSummary("Reads an export's state (queued, running, done, failed, or expired once its zip was deleted after the export retention, 7 days by default), who asked, and once done the line count of each file.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/exports/{exportId}/download", DownloadAsync).WithTags("Exports").WithName("DownloadExport")
            .WithSummary("Downloads a finished export: a zip of NDJSON files, one per kind; 409 until it is done; 410 once it expired and its zip was deleted.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    private static async Task<Accepted<ExportView>> StartAsync(HttpContext http, IGrainFactory grains)
    {
        var exportId = ExportKey.NewId();
        var export = await Grain(http, grains, exportId).StartAsync(AuthenticatedTenant.KeyIdOf(http));
        return TypedResults.Accepted($"/v1/exports/{exportId}", export);
    }

    private static async Task<Results<Ok<ExportView>, ProblemHttpResult>> GetAsync(string exportId, HttpContext http, IGrainFactory grains) =>
        await FindAsync(exportId, http, grains) is { } export ? TypedResults.Ok(export) : Missing(exportId);

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadAsync(string exportId, HttpContext http, IGrainFactory grains)
    {
        switch (await FindAsync(exportId, http, grains))
        {
            case null:
                return Missing(exportId);
            case { Status: ExportStatus.Expired }:
                return ApiProblems.Create(
                    StatusCodes.Status410Gone, "gone", "The resource is gone.", $"Export '{exportId}' expired and its zip was deleted; start a new export with POST /v1/exports.");
            case { Status: not ExportStatus.Done } export:
                return ApiProblems.Conflict($"Export '{exportId}' is {export.Status}; it can be downloaded once it is done.");
        }

        var grain = Grain(http, grains, exportId);
        return TypedResults.Stream(
            async body =>
            {
                await foreach (var chunk in grain.ReadZipAsync().WithCancellation(http.RequestAborted))
                {
                    await body.WriteAsync(chunk, http.RequestAborted);
                }
            },
            "application/zip",
            $"{exportId}.zip");
    }

    // An id of the wrong shape is missing like an unknown one, and never activates a grain.
    private static async Task<ExportView?> FindAsync(string exportId, HttpContext http, IGrainFactory grains) =>
        ExportKey.IsValidId(exportId) ? await Grain(http, grains, exportId).GetAsync() : null;

    private static ProblemHttpResult Missing(string exportId) => ApiProblems.NotFound($"Export '{exportId}' does not exist.");

    private static IExportGrain Grain(HttpContext http, IGrainFactory grains, string exportId) =>
        grains.GetGrain<IExportGrain>(ExportKey.Format(AuthenticatedTenant.Of(http), exportId));
}
