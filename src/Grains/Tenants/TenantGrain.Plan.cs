using System.Globalization;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    // Transient: the daily count in memory, seeded from usage_daily (which each accepted lead increments in its own
    // write). Reservations make it exact for this activation; after a restart the durable count takes over.
    private string? _usageDate;
    private long _usedToday;

    public async Task<TenantView> SetLimitsAsync(PlanLimits limits)
    {
        EnsureExists();
        var errors = PlanLimitRules.Validate(limits);
        if (errors.Count > 0)
        {
            throw new TenantValidationException(errors);
        }

        state.State.Limits = limits;
        await CommitAsync();
        return View()!;
    }

    /// <summary>Counts one more lead against today's plan, or refuses when the plan is used up.</summary>
    private async Task<PlanReservation> TryReserveLeadAsync()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(state.State.Profile!.TimeZone);
        var now = timeProvider.GetUtcNow();
        var date = BusinessDates.Of(now, zone.Id);
        if (_usageDate != date)
        {
            _usedToday = await ReadUsageAsync(date);
            _usageDate = date;
        }

        var limit = state.State.Limits.LeadsPerDay;
        if (_usedToday >= limit)
        {
            return new PlanReservation(false, date, _usedToday, limit, UntilNextBusinessDay(now, zone));
        }

        _usedToday++;
        return new PlanReservation(true, date, _usedToday, limit, TimeSpan.Zero);
    }

    public Task ReleaseLeadAsync(string businessDate)
    {
        if (_usageDate == businessDate && _usedToday > 0)
        {
            _usedToday--;
        }

        return Task.CompletedTask;
    }

    private Task<long> ReadUsageAsync(string businessDate) => history.GetAcceptedAsync(Id, businessDate, CancellationToken.None);

    private static TimeSpan UntilNextBusinessDay(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var nextMidnight = DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified);
        var next = new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight));
        var wait = next - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1);
    }
}

/// <summary>Pure validation of plan limits.</summary>
public static class PlanLimitRules
{
    public static Dictionary<string, string[]> Validate(PlanLimits? limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (limits is null)
        {
            errors["limits"] = ["'leadsPerDay', 'concurrentOutboundCalls' and 'ingestPerMinute' are required."];
            return errors;
        }

        Check(errors, "leadsPerDay", limits.LeadsPerDay, 10_000_000);
        Check(errors, "concurrentOutboundCalls", limits.ConcurrentOutboundCalls, 1_000);
        Check(errors, "ingestPerMinute", limits.IngestPerMinute, 1_000_000);
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, int value, int max)
    {
        if (value < 1 || value > max)
        {
            errors[field] = [$"'{field}' must be between 1 and {max.ToString(CultureInfo.InvariantCulture)}; it is {value.ToString(CultureInfo.InvariantCulture)}."];
        }
    }
}
