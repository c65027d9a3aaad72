using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Contracts.Queries;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoint for usage history by day of the tenant's time zone.</summary>
public static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder group)
    {
        group.MapGet("/usage/daily", GetDailyAsync).WithTags("Usage").WithName("GetUsageDaily")
            .WithSummary("Usage by day in the tenant's time zone (from, to: yyyy-MM-dd, at most 366 days; default the 30 days up to today): leads accepted, completed and failed, steps run and outbound calls.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<Ok<UsageHistory>> GetDailyAsync(string? from, string? to, HttpContext http, IGrainFactory grains)
    {
        var history = await grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value).GetDailyUsageAsync(ParseDate(from, nameof(from)), ParseDate(to, nameof(to)));
        return TypedResults.Ok(history);
    }

    /// <exception cref="ArgumentException">The text is not a date 'yyyy-MM-dd' (names the parameter).</exception>
    private static DateOnly? ParseDate(string? text, string parameter) =>
        string.IsNullOrEmpty(text) ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ArgumentException($"'{parameter}' must be a date 'yyyy-MM-dd'; '{text}' is not.", parameter);
}
