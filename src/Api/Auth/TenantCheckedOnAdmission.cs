namespace OrleansFlows.Api.Auth;

/// <summary>
/// Endpoint metadata: the endpoint's one domain call checks that the API key is still active and the tenant not
/// suspended, so <see cref="TenantAuthentication"/> resolves the key but does not ask the tenant a second time.
/// </summary>
internal sealed class TenantCheckedOnAdmission
{
    public static readonly TenantCheckedOnAdmission Instance = new();

    private TenantCheckedOnAdmission()
    {
    }
}
