using System.Threading.RateLimiting;
using OrleansFlows.Api.Problems;

namespace OrleansFlows.Api.Hosting;

/// <summary>
/// Holds each request to <see cref="RequestConcurrencyLimiter"/>: beyond the requests in progress and the queue, a
/// request is answered 503 with <c>Retry-After</c> at once instead of hanging. It replaces ASP.NET Core's rate limiting
/// middleware, whose own endpoint limiter keeps a timer running after its host is disposed and with it the whole host
/// (dotnet/aspnetcore#69259).
/// </summary>
internal sealed class ConcurrencyLimitMiddleware(RequestDelegate next, RequestConcurrencyLimiter limiter)
{
    public async Task InvokeAsync(HttpContext http)
    {
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client left while queued: there is no one to answer.
            return;
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                http.Response.Headers.RetryAfter = "1";
                await ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "The service is overloaded.", "Too many requests are in progress; retry after the delay in Retry-After.")
                    .ExecuteAsync(http);
                return;
            }

            await next(http);
        }
    }
}
