using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.DataRequests;

/// <summary>
/// Counts a data request (an export, an erasure, a retention run started by hand) against its tenant's rate before the
/// endpoint runs; past it, the request is refused with 429 and <c>Retry-After</c>, and nothing is started.
/// </summary>
internal sealed class DataRequestRateFilter(IGrainFactory grains, IOptions<DataRequestOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var perMinute = options.Value.PerMinute;
        if (await grains.GetGrain<ITenantGrain>(AuthenticatedTenant.Of(http).Value).TakeDataRequestAsync(perMinute) is not { } retryAfter)
        {
            return await next(context);
        }

        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.TooManyRequests(string.Create(
            CultureInfo.InvariantCulture,
            $"The limit of {perMinute} data requests (exports, erasures and retention runs started by hand) per minute is reached; nothing was started."));
    }
}
