using System.Globalization;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Reconciliation.Scheduling;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>Pure validation of a requested schedule; every problem is reported at once, by field.</summary>
public static class ScheduleRules
{
    /// <summary>The default look-back, in business dates.</summary>
    public const int DefaultLookBackDays = BatchScheduleCalculator.DefaultLookBackDays;

    /// <summary>The longest look-back accepted.</summary>
    public const int MaxLookBackDays = 31;

    /// <summary>The default number of records per chunk.</summary>
    public const int DefaultChunkSize = 500;

    /// <summary>The largest chunk accepted.</summary>
    public const int MaxChunkSize = 5_000;

    private const int MaxPathLength = 512;

    /// <summary>Checks <paramref name="request"/> against the tenant's connections; returns the stored form or the problems.</summary>
    public static (StoredSchedule? Schedule, Dictionary<string, string[]> Errors) Validate(
        ReconciliationSchedule? request, IReadOnlyDictionary<string, ConnectionKind> connections)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["schedule"] = ["A body with 'dailyAt' and 'timeZone' is required."];
            return (null, errors);
        }

        var dailyAt = ParseDailyAt(request.DailyAt, errors);
        var zone = request.TimeZone ?? "";
        foreach (var (field, messages) in new BatchSchedule(dailyAt ?? default, zone, request.MonthlyReportDay).Validate())
        {
            errors[field == "timeZoneId" ? "timeZone" : field] = field == "timeZoneId"
                ? [string.IsNullOrWhiteSpace(zone) ? "'timeZone' is required, as an IANA zone such as 'Europe/Berlin'." : $"'{zone}' is not a known IANA time zone (for example 'Europe/Berlin' or 'America/New_York')."]
                : messages;
        }

        CheckRange(errors, "lookBackDays", request.LookBackDays, 1, MaxLookBackDays);
        CheckRange(errors, "chunkSize", request.ChunkSize, 1, MaxChunkSize);
        CheckConnection(errors, "connection", request.Connection, ConnectionKind.Http, connections);
        CheckConnection(errors, "notifyConnection", request.NotifyConnection, ConnectionKind.Slack, connections);
        var path = request.Path ?? "/";
        if (!path.StartsWith('/') || path.Length > MaxPathLength || path.Contains("{{", StringComparison.Ordinal) || path.Contains('#') || path.Any(char.IsControl))
        {
            errors["path"] = [$"'path' must start with '/', be at most {MaxPathLength} characters, and hold no template, fragment or control characters."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new StoredSchedule
        {
            DailyAt = dailyAt!.Value,
            TimeZone = zone,
            MonthlyReportDay = request.MonthlyReportDay,
            LookBackDays = request.LookBackDays ?? DefaultLookBackDays,
            Connection = request.Connection,
            Path = path,
            ChunkSize = request.ChunkSize ?? DefaultChunkSize,
            NotifyConnection = request.NotifyConnection,
        }, errors);
    }

    /// <summary>The schedule in the form the pure calculator takes.</summary>
    public static BatchSchedule ToBatchSchedule(StoredSchedule schedule) => new(schedule.DailyAt, schedule.TimeZone, schedule.MonthlyReportDay);

    /// <summary>The <c>HH:mm</c> form of a run time.</summary>
    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static TimeOnly? ParseDailyAt(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors["dailyAt"] = ["'dailyAt' is required, as a local time 'HH:mm' such as '02:00'."];
            return null;
        }

        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors["dailyAt"] = [$"'dailyAt' must be a local time 'HH:mm' from '00:00' to '23:59'; '{text}' is not."];
            return null;
        }

        return time;
    }

    private static void CheckRange(Dictionary<string, string[]> errors, string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"'{field}' must be between {min} and {max}; it is {v}.")];
        }
    }

    private static void CheckConnection(
        Dictionary<string, string[]> errors, string field, string? name, ConnectionKind kind, IReadOnlyDictionary<string, ConnectionKind> connections)
    {
        if (name is null)
        {
            return;
        }

        var kindName = kind.ToString().ToLowerInvariant();
        if (!connections.TryGetValue(name, out var actual))
        {
            errors[field] = [$"Connection '{name}' does not exist; create it as a {kindName} connection first."];
        }
        else if (actual != kind)
        {
            errors[field] = [$"Connection '{name}' is a {actual.ToString().ToLowerInvariant()} connection; '{field}' needs a {kindName} connection."];
        }
    }
}
