using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Admits requests that carry a tenant API key; the tenant comes from the key, never from the request. A missing or
/// invalid key answers 401; a suspended tenant 403; repeated failures 429 (<see cref="AuthenticationThrottle"/>).
/// </summary>
internal sealed class TenantAuthentication(ApiKeyIndex keys, IGrainFactory grains, AuthenticationThrottle throttle) : IAuthentication
{
    /// <summary>The detail of a key that is unknown, revoked or malformed.</summary>
    public const string InvalidKey = "The API key is not valid (unknown, revoked or malformed).";

    public async Task<IResult?> AdmitAsync(HttpContext http)
    {
        var token = BearerToken.Read(http.Request);
        if (token is null)
        {
            return ApiProblems.Unauthorized("Send your API key as 'Authorization: Bearer <key>'.");
        }

        var throttleKey = ThrottleKeyIds.ApiKey(ApiKeys.KeyIdOf(token));
        if (throttle.Refusal(http, throttleKey) is { } refusal)
        {
            return refusal;
        }

        if (await keys.ResolveAsync(token, http.RequestAborted) is not { } tenant)
        {
            throttle.RecordFailure(http, throttleKey);
            return ApiProblems.Unauthorized(InvalidKey);
        }

        http.Items[typeof(TenantId)] = tenant;
        http.Items[AuthenticatedTenant.KeyIdItem] = ApiKeys.KeyIdOf(token)!;
        if (http.GetEndpoint()?.Metadata.GetMetadata<TenantCheckedOnAdmission>() is not null)
        {
            // The endpoint's one domain call checks the key and the suspension against the tenant itself.
            return null;
        }

        var view = await grains.GetGrain<ITenantGrain>(tenant.Value).GetAsync();
        if (view is null)
        {
            return ApiProblems.Unauthorized(InvalidKey);
        }

        if (view.Suspended)
        {
            return ApiProblems.Suspended(tenant);
        }

        return null;
    }
}

/// <summary>Reads the tenant that <see cref="TenantAuthentication"/> authenticated.</summary>
internal static class AuthenticatedTenant
{
    /// <summary>The <see cref="HttpContext.Items"/> key of the authenticated API key's id.</summary>
    public const string KeyIdItem = "OrleansFlows.ApiKeyId";

    /// <summary>The id of the API key the request was authenticated with.</summary>
    public static string KeyIdOf(HttpContext context) =>
        context.Items.TryGetValue(KeyIdItem, out var keyId) && keyId is string id
            ? id
            : throw new InvalidOperationException("The endpoint does not require TenantAuthentication.");

    public static TenantId Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(TenantId), out var tenant) && tenant is TenantId id
            ? id
            : throw new InvalidOperationException("The endpoint does not require TenantAuthentication.");
}
