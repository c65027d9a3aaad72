namespace OrleansFlows.Api.Hosting;

/// <summary>
/// Headers on every answer, errors included: <c>X-Content-Type-Options: nosniff</c>, so a browser never runs an answer
/// as another type than it says; and <c>Cache-Control: no-store</c> on answers that carry a secret. Set as the answer
/// starts, because the exception handler clears the headers of a failed request before it writes the problem.
/// </summary>
internal sealed class HardeningHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            if (context.GetEndpoint()?.Metadata.GetMetadata<CarriesSecret>() is not null)
            {
                context.Response.Headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, http);
        return next(http);
    }
}
