using OrleansFlows.Api.Problems;

namespace OrleansFlows.Api.Auth;

/// <summary>Admits requests that carry the operator key as a bearer token; answers 401 otherwise.</summary>
internal sealed class OperatorAuthFilter(OperatorKey operatorKey) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = BearerToken.Read(context.HttpContext.Request);
        if (token is null)
        {
            return ApiProblems.Unauthorized("Send the operator key as 'Authorization: Bearer <key>'.");
        }

        if (!operatorKey.Matches(token))
        {
            return ApiProblems.Unauthorized("The operator key is not valid.");
        }

        return await next(context);
    }
}
