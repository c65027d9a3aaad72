using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Operator endpoints for tenants.</summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tenants")
            .WithTags("Tenants (operator)")
            .AddEndpointFilter<OperatorAuthFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{tenantId}", GetTenantAsync).WithName("GetTenant").WithSummary("Reads a tenant's profile.");
        group.MapPut("/{tenantId}", PutTenantAsync).WithName("PutTenant").WithSummary("Creates a tenant, or replaces its profile.")
            .Accepts<TenantProfileRequest>("application/json")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetTenantAsync(string tenantId, IGrainFactory grains)
    {
        if (!TenantId.TryParse(tenantId, out var id, out _))
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        var view = await grains.GetGrain<ITenantGrain>(id.Value).GetAsync();
        return view is null ? ApiProblems.NotFound($"Tenant '{id}' does not exist.") : TypedResults.Ok(TenantResponse.From(view));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> PutTenantAsync(string tenantId, TenantProfileRequest body, IGrainFactory grains)
    {
        if (!TenantId.TryParse(tenantId, out var id, out var error))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["tenantId"] = [error] });
        }

        var view = await grains.GetGrain<ITenantGrain>(id.Value).SetProfileAsync(new TenantProfile(body.Name ?? "", body.TimeZone ?? ""));
        return TypedResults.Ok(TenantResponse.From(view));
    }
}
