using OrleansFlows.Api.Problems;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Admits requests that carry the operator key as a bearer token; answers 401 otherwise, and 429 to an address that
/// failed too often. The operator key has no key id, so its failures count per address only: a lockout of the key
/// itself would let anyone lock the operator out, and its 256 random bits can't be guessed from many addresses either.
/// </summary>
internal sealed class OperatorAuthentication(OperatorKey operatorKey, AuthenticationThrottle throttle) : IAuthentication
{
    public Task<IResult?> AdmitAsync(HttpContext http)
    {
        var token = BearerToken.Read(http.Request);
        if (token is null)
        {
            return Task.FromResult<IResult?>(ApiProblems.Unauthorized("Send the operator key as 'Authorization: Bearer <key>'."));
        }

        if (throttle.Refusal(http, keyId: null) is { } refusal)
        {
            return Task.FromResult<IResult?>(refusal);
        }

        if (!operatorKey.Matches(token))
        {
            throttle.RecordFailure(http, keyId: null);
            return Task.FromResult<IResult?>(ApiProblems.Unauthorized("The operator key is not valid."));
        }

        return Task.FromResult<IResult?>(null);
    }
}
