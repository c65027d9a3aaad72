using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.DataRequests;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Erasures;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for the erasure of a data subject: erase a person by email (or one lead), and read the erasure back.</summary>
public static class ErasuresApi
{
    public static RouteGroupBuilder MapErasuresApi(this RouteGroupBuilder group)
    {
        group.MapPost("/erasures", EraseAsync).WithTags("Erasures").WithName("StartErasure")
            .WithSummary("Erases a data subject: every lead that holds the email (running or waiting ones are cancelled first) with its state, attempts, audit rows and batch records, and every stored record with a field that holds it; or one lead by 'leadId'. Answers 200 with Location once the erasure is done and recorded; the record keeps counts, never the email.")
            .Accepts<ErasureBody>("application/json")
            .Produces<ErasureView>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .CountsAsDataRequest();
        group.MapGet("/erasures/{erasureId}", GetAsync).WithTags("Erasures").WithName("GetErasure")
            .WithSummary("Reads an erasure's record: its state (running, completed, failed), who asked, and what it removed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> EraseAsync([FromBody] ErasureBody? body, HttpContext http, IGrainFactory grains)
    {
        var request = new ErasureRequest(body?.Email, body?.LeadId, AuthenticatedTenant.KeyIdOf(http));
        if (request.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(errors), "Nothing was erased; see 'errors'.");
        }

        var erasureId = ErasureKey.NewId();
        var erasure = await Grain(http, grains, erasureId).EraseAsync(request);
        http.Response.Headers.Location = $"/v1/erasures/{erasureId}";
        return TypedResults.Ok(erasure);
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> GetAsync(string erasureId, HttpContext http, IGrainFactory grains) =>
        ErasureKey.IsValidId(erasureId) && await Grain(http, grains, erasureId).GetAsync() is { } erasure
            ? TypedResults.Ok(erasure)
            : ApiProblems.NotFound($"Erasure '{erasureId}' does not exist.");

    private static IErasureGrain Grain(HttpContext http, IGrainFactory grains, string erasureId) =>
        grains.GetGrain<IErasureGrain>(ErasureKey.Format(AuthenticatedTenant.Of(http), erasureId));
}
