using Microsoft.Net.Http.Headers;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// The operator key on the Orleans Dashboard's paths, which have no authentication of their own. A browser can't add a
/// bearer header when it navigates, so the key is also accepted as the password of HTTP Basic authentication (any user
/// name), and a 401 carries the Basic challenge so the browser asks for it. The check itself, and its throttle, are
/// <see cref="OperatorAuthentication"/>'s.
/// </summary>
internal sealed class OperatorDashboardAuthentication(OperatorKey operatorKey, AuthenticationThrottle throttle) : IAuthentication
{
    /// <summary>The challenge a 401 on a dashboard path carries.</summary>
    public const string Challenge = "Basic realm=\"OrleansFlows operator\"";

    private readonly OperatorAuthentication _operator = new(operatorKey, throttle);

    public Task<IResult?> AdmitAsync(HttpContext http)
    {
        var key = BearerToken.Read(http.Request) ?? BasicPassword.Read(http.Request);
        var refusal = _operator.Admit(http, key, "Send the operator key as the password of HTTP Basic authentication (any user name), or as 'Authorization: Bearer <key>'.");
        if (refusal is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            http.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        }

        return Task.FromResult(refusal);
    }
}
