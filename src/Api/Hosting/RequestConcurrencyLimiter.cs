using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.Hosting;

/// <summary>
/// The host-wide limit on requests in progress (<see cref="ApiOptions.MaxConcurrentRequests"/>, as many more queued).
/// A singleton of the host's container, so it is disposed with the host: nothing it holds outlives a stopped host.
/// </summary>
internal sealed class RequestConcurrencyLimiter(IOptions<ApiOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentRequests,
        QueueLimit = options.Value.MaxConcurrentRequests,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A permit, waiting in the queue if there is room; a lease that is not acquired means the host is full.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}
