using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Admits requests that carry a tenant API key; the tenant comes from the key, never from the request. A missing or
/// invalid key answers 401; a suspended tenant 403; repeated failures 429 (<see cref="AuthenticationThrottle"/>).
/// </summary>
internal sealed class TenantAuthentication(ApiKeyIndex keys, IGrainFactory grains, AuthenticationThrottle throttle) : IAuthentication
{
    public async Task<IResult?> AdmitAsync(HttpContext http)
    {
        var token = BearerToken.Read(http.Request);
        if (token is null)
        {
            return ApiProblems.Unauthorized("Send your API key as 'Authorization: Bearer <key>'.");
        }

        var keyId = ThrottleKeyIds.ApiKey(ApiKeys.KeyIdOf(token));
        if (throttle.Refusal(http, keyId) is { } refusal)
        {
            return refusal;
        }

        if (await keys.ResolveAsync(token, http.RequestAborted) is not { } tenant)
        {
            throttle.RecordFailure(http, keyId);
            return ApiProblems.Unauthorized("The API key is not valid (unknown, revoked or malformed).");
        }

        var view = await grains.GetGrain<ITenantGrain>(tenant.Value).GetAsync();
        if (view is null)
        {
            return ApiProblems.Unauthorized("The API key is not valid (unknown, revoked or malformed).");
        }

        if (view.Suspended)
        {
            return ApiProblems.Suspended(tenant);
        }

        http.Items[typeof(TenantId)] = tenant;
        return null;
    }
}

/// <summary>Reads the tenant that <see cref="TenantAuthentication"/> authenticated.</summary>
internal static class AuthenticatedTenant
{
    public static TenantId Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(TenantId), out var tenant) && tenant is TenantId id
            ? id
            : throw new InvalidOperationException("The endpoint does not require TenantAuthentication.");
}
