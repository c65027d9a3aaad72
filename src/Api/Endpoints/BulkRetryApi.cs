using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Queries;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for bulk retries of a workflow's failed leads, and their durable records.</summary>
public static class BulkRetryApi
{
    public static RouteGroupBuilder MapBulkRetryApi(this RouteGroupBuilder group)
    {
        group.MapPost("/workflows/{name}/leads/retry", RetryAsync).WithTags("Leads").WithName("RetryFailedLeads")
            .WithSummary("Retries the workflow's failed leads (optionally of one failed step and accepted in a range), oldest first, up to max, as one recorded operation whose id goes into each lead's audit trail.")
            .Produces<BulkRetryOperation>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/bulk-retries/{operationId}", GetAsync).WithTags("Leads").WithName("GetBulkRetry")
            .WithSummary("Reads a bulk retry as recorded: its filter, who asked, its count, the leads it skipped and whether it finished.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<BulkRetryOperation>, ProblemHttpResult>> RetryAsync(
        string name, [FromBody] BulkRetryBody? body, HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?.Max is { } max && max is < 1 or > BulkRetryRequest.MaxLimit)
        {
            errors["max"] = [$"'max' must be between 1 and {BulkRetryRequest.MaxLimit}; it is {max}."];
        }

        if (body is { AcceptedFrom: { } from, AcceptedTo: { } to } && from >= to)
        {
            errors["acceptedTo"] = [$"'acceptedTo' ({to:O}) must be after 'acceptedFrom' ({from:O})."];
        }

        if (body?.FailedStep is { Length: 0 })
        {
            errors["failedStep"] = ["'failedStep' must name a step; leave it out to retry failures of every step."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var request = new BulkRetryRequest(
            name, body?.FailedStep, body?.AcceptedFrom, body?.AcceptedTo, body?.Max ?? BulkRetryRequest.DefaultMax, AuthenticatedTenant.KeyIdOf(http));
        return TypedResults.Ok(await grains.GetGrain<ILeadBulkRetryGrain>(AuthenticatedTenant.Of(http).Value).RetryFailedLeadsAsync(request));
    }

    private static async Task<Results<Ok<BulkRetryOperation>, ProblemHttpResult>> GetAsync(string operationId, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value).GetBulkRetryAsync(operationId) is { } operation
            ? TypedResults.Ok(operation)
            : ApiProblems.NotFound($"Bulk retry '{operationId}' does not exist.");
}
