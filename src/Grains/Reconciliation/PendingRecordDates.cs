using System.Globalization;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Reconciliation.Scheduling;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>Which business date's records a caller means when it names none: those the next nightly run will send.</summary>
internal static class PendingRecordDates
{
    /// <summary>
    /// The business date of the next scheduled run (a run at <c>dailyAt</c> on D + 1 reconciles D), or the tenant's
    /// today when no run is scheduled next (no schedule, or a run in progress).
    /// </summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    public static async Task<DateOnly> NextRunDateAsync(IGrainFactory grains, TenantId tenant, TimeProvider timeProvider)
    {
        var schedule = await grains.GetGrain<IReconciliationGrain>(tenant.Value).GetScheduleAsync();
        if (schedule is { NextRunAt: { } next })
        {
            var batch = new BatchSchedule(TimeOnly.ParseExact(schedule.DailyAt, "HH:mm", CultureInfo.InvariantCulture), schedule.TimeZone);
            return BatchScheduleCalculator.BusinessDateAt(next, batch).AddDays(-1);
        }

        var view = await grains.GetGrain<ITenantGrain>(tenant.Value).GetAsync() ?? throw new TenantNotFoundException(tenant.Value);
        return DateOnly.ParseExact(BusinessDates.Of(timeProvider.GetUtcNow(), view.Profile.TimeZone), "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
