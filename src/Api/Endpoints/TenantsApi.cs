using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Intake;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Offboarding;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Operator endpoints for tenants: create, read, list, profile, keys, suspension, limits, offboarding.</summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tenants")
            .WithTags("Tenants (operator)")
            .RequireAuthentication<OperatorAuthentication, RouteGroupBuilder>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter<StorableTextFilter>();
        group.MapPost("/", CreateAsync).WithName("CreateTenant").WithSummary("Creates a tenant and returns its first API key, shown once.").CarriesSecret()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("Lists tenants by id.");
        group.MapGet("/{tenantId}", GetAsync).WithName("GetTenant").WithSummary("Reads a tenant.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{tenantId}", PutProfileAsync).WithName("PutTenant").WithSummary("Creates a tenant, or replaces its profile.").ProducesValidationProblem();
        group.MapPost("/{tenantId}/api-keys", RotateKeyAsync).WithName("RotateTenantApiKey").CarriesSecret()
            .WithSummary("Issues a new API key (shown once); the previous key stays valid until the next rotation or revocation.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{tenantId}/api-keys", ListKeysAsync).WithName("ListTenantApiKeys").WithSummary("Lists the active API keys, without secrets.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{tenantId}/api-keys/{keyId}", RevokeKeyAsync).WithName("RevokeTenantApiKey").WithSummary("Revokes an API key.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{tenantId}/suspend", (string tenantId, IGrainFactory grains) => SetSuspendedAsync(tenantId, true, grains))
            .WithName("SuspendTenant").WithSummary("Suspends a tenant: its API and webhooks answer 403.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{tenantId}/resume", (string tenantId, IGrainFactory grains) => SetSuspendedAsync(tenantId, false, grains))
            .WithName("ResumeTenant").WithSummary("Resumes a suspended tenant.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{tenantId}/limits", SetLimitsAsync).WithName("SetTenantLimits").WithSummary("Replaces a tenant's plan limits.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{tenantId}", OffboardAsync).WithName("OffboardTenant")
            .WithSummary("Offboards a tenant: suspends it at once and deletes it with all its data after the grace period.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{tenantId}/offboarding", CancelOffboardingAsync).WithName("CancelTenantOffboarding")
            .WithSummary("Cancels a scheduled offboarding; the tenant's suspension is restored as it was before.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<TenantCreatedResponse>, ProblemHttpResult>> CreateAsync(CreateTenantRequest body, IGrainFactory grains)
    {
        if (!TenantId.TryParse(body.Id, out var id, out var error))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["id"] = [error] });
        }

        var grain = grains.GetGrain<ITenantGrain>(id.Value);
        if (await grain.GetAsync() is not null)
        {
            return ApiProblems.Conflict($"Tenant '{id}' already exists.");
        }

        var view = await grain.SetProfileAsync(new TenantProfile(body.Name ?? "", body.TimeZone ?? ""));
        var key = await grain.IssueApiKeyAsync();
        return TypedResults.Created($"/v1/tenants/{id}", new TenantCreatedResponse(TenantResponse.From(view), new ApiKeyResponse(key.KeyId, key.Key, key.CreatedAt)));
    }

    private static async Task<Ok<PageResponse<TenantResponse>>> ListAsync(int? limit, string? cursor, IGrainFactory grains)
    {
        var page = await grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync(Paging.Limit(limit), cursor);
        var views = await Task.WhenAll(page.Items.Select(id => grains.GetGrain<ITenantGrain>(id).GetAsync()));
        return TypedResults.Ok(new PageResponse<TenantResponse>(views.OfType<TenantView>().Select(TenantResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(string tenantId, IGrainFactory grains)
    {
        var view = TenantId.TryParse(tenantId, out var id, out _) ? await grains.GetGrain<ITenantGrain>(id.Value).GetAsync() : null;
        return view is null ? ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.") : TypedResults.Ok(TenantResponse.From(view));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> PutProfileAsync(string tenantId, TenantProfileRequest body, IGrainFactory grains)
    {
        if (!TenantId.TryParse(tenantId, out var id, out var error))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["tenantId"] = [error] });
        }

        var view = await grains.GetGrain<ITenantGrain>(id.Value).SetProfileAsync(new TenantProfile(body.Name ?? "", body.TimeZone ?? ""));
        return TypedResults.Ok(TenantResponse.From(view));
    }

    private static async Task<Results<Created<ApiKeyResponse>, ProblemHttpResult>> RotateKeyAsync(string tenantId, IGrainFactory grains, ApiKeyIndex index)
    {
        if (await ExistingAsync(tenantId, grains) is not { } grain)
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        var id = grain.GetPrimaryKeyString();
        var key = await index.IssueAsync(grain);
        return TypedResults.Created($"/v1/tenants/{id}/api-keys/{key.KeyId}", new ApiKeyResponse(key.KeyId, key.Key, key.CreatedAt));
    }

    private static async Task<Results<Ok<PageResponse<ApiKeyResponse>>, ProblemHttpResult>> ListKeysAsync(string tenantId, IGrainFactory grains)
    {
        if (await ExistingAsync(tenantId, grains) is not { } grain)
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        var keys = await grain.ListApiKeysAsync();
        return TypedResults.Ok(new PageResponse<ApiKeyResponse>(keys.Select(k => new ApiKeyResponse(k.KeyId, null, k.CreatedAt)).ToList(), null));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string tenantId, string keyId, IGrainFactory grains, ApiKeyIndex index)
    {
        var revoked = await ExistingAsync(tenantId, grains) is { } grain && await index.RevokeAsync(grain, keyId);
        return revoked ? TypedResults.NoContent() : ApiProblems.NotFound($"Tenant '{tenantId}' has no active API key '{keyId}'.");
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SetSuspendedAsync(string tenantId, bool suspended, IGrainFactory grains)
    {
        if (await ExistingAsync(tenantId, grains) is not { } grain)
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        return TypedResults.Ok(TenantResponse.From(await grain.SetSuspendedAsync(suspended)));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SetLimitsAsync(string tenantId, PlanLimitsRequest body, IGrainFactory grains)
    {
        if (await ExistingAsync(tenantId, grains) is not { } grain)
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        var view = await grain.SetLimitsAsync(new PlanLimits(body.LeadsPerDay, body.ConcurrentOutboundCalls, body.IngestPerMinute));
        return TypedResults.Ok(TenantResponse.From(view));
    }

    private static async Task<Results<Accepted<TenantOffboardingResponse>, ProblemHttpResult>> OffboardAsync(string tenantId, IGrainFactory grains)
    {
        if (await ExistingAsync(tenantId, grains) is not { } grain)
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        var id = grain.GetPrimaryKeyString();
        var offboarding = await grains.GetGrain<IOffboardingGrain>(id).ScheduleAsync();
        return TypedResults.Accepted($"/v1/tenants/{id}", TenantOffboardingResponse.From(id, offboarding));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> CancelOffboardingAsync(string tenantId, IGrainFactory grains)
    {
        if (await ExistingAsync(tenantId, grains) is not { } grain)
        {
            return ApiProblems.NotFound($"Tenant '{tenantId}' does not exist.");
        }

        var view = await grains.GetGrain<IOffboardingGrain>(grain.GetPrimaryKeyString()).CancelAsync();
        return view is null ? ApiProblems.Conflict($"Tenant '{tenantId}' is not being offboarded.") : TypedResults.Ok(TenantResponse.From(view));
    }

    /// <summary>The tenant's grain when the tenant exists: an unknown tenant is a 404 result, not an exception to map.</summary>
    private static async Task<ITenantGrain?> ExistingAsync(string tenantId, IGrainFactory grains)
    {
        var grain = TenantId.TryParse(tenantId, out var id, out _) ? grains.GetGrain<ITenantGrain>(id.Value) : null;
        return grain is not null && await grain.GetAsync() is not null ? grain : null;
    }
}
