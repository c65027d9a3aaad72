using System.Globalization;
using System.Text;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Queries;

/// <summary>
/// A tenant's activity by day of its time zone, aggregated in SQL over the range only: accepted leads from the daily
/// counter (<c>usage_daily</c>, by business date), finished leads from the lead list (<c>leads</c>, by the instant their
/// status last changed) and step attempts (<c>step_attempts</c>, by start). The days' bounds are computed here, so a day
/// of 23 or 25 hours, or a zone such as Asia/Kolkata (+05:30), buckets correctly on SQLite and PostgreSQL alike.
/// </summary>
public sealed class UsageDays(IProjectionStore store)
{
    /// <summary>The most days one query covers.</summary>
    public const int MaxDays = 366;

    private static readonly string[] Outbound = [StepKinds.Http, StepKinds.Notify];

    /// <summary>One entry per day from <paramref name="from"/> to <paramref name="to"/> (inclusive), oldest first.</summary>
    public async Task<IReadOnlyList<DailyUsage>> GetAsync(TenantId tenant, TimeZoneInfo zone, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var dayCount = to.DayNumber - from.DayNumber + 1;
        if (dayCount is < 1 or > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"A usage range covers 1 to {MaxDays} days; {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {dayCount}.");
        }

        var days = Enumerable.Range(0, dayCount).Select(from.AddDays).ToList();
        var (daysTable, parameters) = DaysTable(tenant, zone, days);

        var accepted = await store.QueryAsync(
            """
            SELECT business_date, leads_accepted FROM usage_daily
            WHERE tenant_id = @tenant AND business_date >= @fromDate AND business_date <= @toDate
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["fromDate"] = Format(days[0]), ["toDate"] = Format(days[^1]) },
            row => (Day: row.GetString(0), Count: row.GetInt64(1)),
            tenant.Value,
            cancellationToken);

        // Each lead's last status change, and each attempt's start, falls into the one day whose bounds hold it.
        var finished = await store.QueryAsync(
            $"""
            {daysTable}
            SELECT d.day_name, l.status, COUNT(*) FROM days d
            JOIN leads l ON l.tenant_id = @tenant AND l.status IN ('completed', 'failed')
                AND l.updated_at >= d.day_start AND l.updated_at < d.day_end
            WHERE l.updated_at >= @rangeStart AND l.updated_at < @rangeEnd
            GROUP BY d.day_name, l.status
            """,
            parameters,
            row => (Day: row.GetString(0), Status: row.GetString(1), Count: row.GetInt64(2)),
            tenant.Value,
            cancellationToken);

        var attempts = await store.QueryAsync(
            $"""
            {daysTable}
            SELECT d.day_name, COUNT(*), SUM(CASE WHEN a.kind IN ('{string.Join("', '", Outbound)}') THEN 1 ELSE 0 END) FROM days d
            JOIN step_attempts a ON a.tenant_id = @tenant AND a.started_at >= d.day_start AND a.started_at < d.day_end
            WHERE a.started_at >= @rangeStart AND a.started_at < @rangeEnd
            GROUP BY d.day_name
            """,
            parameters,
            row => (Day: row.GetString(0), Steps: row.GetInt64(1), Outbound: row.GetInt64(2)),
            tenant.Value,
            cancellationToken);

        var acceptedByDay = accepted.ToDictionary(r => r.Day, r => r.Count);
        var finishedByDay = finished.ToDictionary(r => (r.Day, r.Status), r => r.Count);
        var attemptsByDay = attempts.ToDictionary(r => r.Day, r => (r.Steps, r.Outbound));
        return days.Select(day =>
        {
            var date = Format(day);
            var (steps, outbound) = attemptsByDay.GetValueOrDefault(date);
            return new DailyUsage(
                date,
                acceptedByDay.GetValueOrDefault(date),
                finishedByDay.GetValueOrDefault((date, "completed")),
                finishedByDay.GetValueOrDefault((date, "failed")),
                steps,
                outbound);
        }).ToList();
    }

    /// <summary>A common table <c>days(day_name, day_start, day_end)</c> of the range's days, with its parameters.</summary>
    private static (string Sql, Dictionary<string, object?> Parameters) DaysTable(TenantId tenant, TimeZoneInfo zone, IReadOnlyList<DateOnly> days)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["tenant"] = tenant.Value,
            ["rangeStart"] = TenantDays.StartOf(days[0], zone),
            ["rangeEnd"] = TenantDays.StartOf(days[^1].AddDays(1), zone),
        };
        var sql = new StringBuilder("WITH days (day_name, day_start, day_end) AS (VALUES ");
        for (var i = 0; i < days.Count; i++)
        {
            parameters[$"d{i}"] = Format(days[i]);
            parameters[$"s{i}"] = TenantDays.StartOf(days[i], zone);
            parameters[$"e{i}"] = TenantDays.StartOf(days[i].AddDays(1), zone);
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@d{i}, @s{i}, @e{i})");
        }

        return (sql.Append(')').ToString(), parameters);
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
