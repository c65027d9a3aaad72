using OrleansFlows.Api.Problems;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Admits requests that carry the operator key as a bearer token; answers 401 otherwise, and 429 to an address that
/// failed too often. The operator key has no key id, so its failures count per address only: a lockout of the key
/// itself would let anyone lock the operator out, and its 256 random bits can't be guessed from many addresses either.
/// </summary>
internal sealed class OperatorAuthentication(OperatorKey operatorKey, AuthenticationThrottle throttle) : IAuthentication
{
    public Task<IResult?> AdmitAsync(HttpContext http) =>
        Task.FromResult(Admit(http, BearerToken.Read(http.Request), "Send the operator key as 'Authorization: Bearer <key>'."));

    /// <summary>Checks a presented operator key (null when the request carried none) under the throttle.</summary>
    /// <param name="http">The request.</param>
    /// <param name="key">The key the request presented, or null.</param>
    /// <param name="howToSend">The detail of the 401 when no key was presented: how to send one.</param>
    /// <returns>Null to admit the request, else the answer to send instead.</returns>
    public IResult? Admit(HttpContext http, string? key, string howToSend)
    {
        if (key is null)
        {
            return ApiProblems.Unauthorized(howToSend);
        }

        if (throttle.Refusal(http, keyId: null) is { } refusal)
        {
            return refusal;
        }

        if (!operatorKey.Matches(key))
        {
            throttle.RecordFailure(http, keyId: null);
            return ApiProblems.Unauthorized("The operator key is not valid.");
        }

        return null;
    }
}
