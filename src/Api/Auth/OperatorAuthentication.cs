using OrleansFlows.Api.Problems;

namespace OrleansFlows.Api.Auth;

/// <summary>Admits requests that carry the operator key as a bearer token; answers 401 otherwise.</summary>
internal sealed class OperatorAuthentication(OperatorKey operatorKey) : IAuthentication
{
    public Task<IResult?> AdmitAsync(HttpContext http)
    {
        var token = BearerToken.Read(http.Request);
        if (token is null)
        {
            return Task.FromResult<IResult?>(ApiProblems.Unauthorized("Send the operator key as 'Authorization: Bearer <key>'."));
        }

        if (!operatorKey.Matches(token))
        {
            return Task.FromResult<IResult?>(ApiProblems.Unauthorized("The operator key is not valid."));
        }

        return Task.FromResult<IResult?>(null);
    }
}
