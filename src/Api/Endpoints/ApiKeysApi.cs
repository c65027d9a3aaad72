using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Endpoints;

/// <summary>
/// Tenant endpoints for the tenant's own API keys: list, issue, revoke. They call the tenant grain as the operator's
/// <c>/v1/tenants/{tenantId}/api-keys</c> do (revoking keeps the last key, in the same turn), and drop revoked keys
/// from this process's key cache at once.
/// </summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder group)
    {
        group.MapGet("/api-keys", ListAsync).WithTags("API keys").WithName("ListApiKeys")
            .WithSummary("Lists the tenant's active API keys, without secrets; 'current' marks the key of this request.");
        group.MapPost("/api-keys", IssueAsync).WithTags("API keys").WithName("CreateApiKey").CarriesSecret()
            .WithSummary("Issues a new API key (apiKey, shown once). At most two keys are active: issuing a third revokes the oldest.");
        group.MapDelete("/api-keys/{keyId}", RevokeAsync).WithTags("API keys").WithName("RevokeApiKey")
            .WithSummary("Revokes an API key at once; the tenant's last active key can't be revoked (409).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<PageResponse<TenantApiKeyResponse>>> ListAsync(HttpContext http, IGrainFactory grains)
    {
        var current = AuthenticatedTenant.KeyIdOf(http);
        var keys = await Grain(http, grains).ListApiKeysAsync();
        return TypedResults.Ok(new PageResponse<TenantApiKeyResponse>(keys.Select(k => new TenantApiKeyResponse(k.KeyId, k.CreatedAt, k.KeyId == current)).ToList(), null));
    }

    private static async Task<Created<ApiKeyCreatedResponse>> IssueAsync(HttpContext http, IGrainFactory grains, ApiKeyIndex index)
    {
        var key = await index.IssueAsync(Grain(http, grains));
        return TypedResults.Created($"/v1/api-keys/{key.KeyId}", new ApiKeyCreatedResponse(key.KeyId, key.Key, key.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string keyId, HttpContext http, IGrainFactory grains, ApiKeyIndex index) =>
        await index.RevokeKeepingOneAsync(Grain(http, grains), keyId) switch
        {
            ApiKeyRevocation.Revoked => TypedResults.NoContent(),
            ApiKeyRevocation.LastKey => ApiProblems.Conflict($"API key '{keyId}' is the tenant's last active key; issue a new key (POST /v1/api-keys) before revoking it."),
            _ => ApiProblems.NotFound($"The tenant has no active API key '{keyId}'."),
        };

    private static ITenantGrain Grain(HttpContext http, IGrainFactory grains) => grains.GetGrain<ITenantGrain>(AuthenticatedTenant.Of(http).Value);
}
