namespace OrleansFlows.Api.Auth;

/// <summary>
/// Runs the authentication an endpoint requires before the endpoint binds its parameters. An endpoint filter would
/// run after binding, so a caller without a key who sent a malformed body would learn about the body (400) instead
/// of the key (401).
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RequiredAuthentication>() is { } required)
        {
            var authentication = (IAuthentication)ActivatorUtilities.GetServiceOrCreateInstance(http.RequestServices, required.Type);
            if (await authentication.AdmitAsync(http) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
        }

        await next(http);
    }
}

/// <summary>Endpoint metadata naming the <see cref="IAuthentication"/> a request must pass.</summary>
internal sealed record RequiredAuthentication(Type Type);

internal static class AuthenticationEndpointExtensions
{
    /// <summary>Requests to these endpoints must pass <typeparamref name="T"/> before anything else about them is read.</summary>
    public static TBuilder RequireAuthentication<T, TBuilder>(this TBuilder builder)
        where T : IAuthentication
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredAuthentication(typeof(T)));
}
