using System.Globalization;
using System.Text.Json;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// Reads <c>reconciliation_runs</c>. Every query filters by the tenant and runs in its scope; reads go to the store,
/// so listing runs never activates a grain.
/// </summary>
public sealed class ReconciliationRuns(IProjectionStore store)
{
    private const string Columns = "business_date, attempt, trigger, status, started_at, finished_at, leads, records, sent, acknowledged, chunks, failed_chunks, mismatches, repaired";

    /// <summary>A page of the tenant's runs, newest first, optionally of one business date only.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor of a run list.</exception>
    public async Task<Page<ReconciliationRunView>> ListAsync(TenantId tenant, DateOnly? date, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit + 1 };
        var dateClause = "";
        if (date is { } only)
        {
            parameters["date"] = ReconciliationRows.DateText(only);
            dateClause = "AND business_date = @date";
        }

        var afterClause = "";
        if (PageCursor.Decode(cursor) is { } after)
        {
            var run = ReconciliationRows.ParseRunId(after.Id) ?? throw new ArgumentException("The cursor is not one this list issued.", nameof(cursor));
            parameters["afterAt"] = after.At;
            parameters["afterDate"] = ReconciliationRows.DateText(run.Date);
            parameters["afterAttempt"] = run.Attempt;
            afterClause = """
                AND (started_at < @afterAt OR (started_at = @afterAt AND (business_date < @afterDate OR (business_date = @afterDate AND attempt < @afterAttempt))))
                """;
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT {Columns}, {Text("errors")}, NULL FROM reconciliation_runs
            WHERE tenant_id = @tenant {dateClause} {afterClause}
            ORDER BY started_at DESC, business_date DESC, attempt DESC
            LIMIT @limit
            """,
            parameters,
            Read,
            tenant.Value,
            cancellationToken);
        return Page<ReconciliationRunView>.From(rows, limit, r => PageCursor.Encode(r.StartedAt, r.RunId));
    }

    /// <summary>One run with its report, or null.</summary>
    public async Task<ReconciliationRunView?> GetAsync(TenantId tenant, DateOnly date, int attempt, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"""
            SELECT {Columns}, {Text("errors")}, {Text("report")} FROM reconciliation_runs
            WHERE tenant_id = @tenant AND business_date = @date AND attempt = @attempt
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["date"] = ReconciliationRows.DateText(date), ["attempt"] = attempt },
            Read,
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The date's latest attempt number (0 if it never ran) and its latest completed attempt, if any.</summary>
    public async Task<(int LatestAttempt, int? CompletedAttempt)> GetAttemptsAsync(TenantId tenant, DateOnly date, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            """
            SELECT COALESCE(MAX(attempt), 0), MAX(CASE WHEN status = 'completed' THEN attempt END) FROM reconciliation_runs
            WHERE tenant_id = @tenant AND business_date = @date
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["date"] = ReconciliationRows.DateText(date) },
            row => (row.GetInt32(0), row.IsNull(1) ? (int?)null : row.GetInt32(1)),
            tenant.Value,
            cancellationToken);
        return rows[0];
    }

    private string Text(string column) => store.Kind == StoreKind.Postgres ? column + "::text" : column;

    private static ReconciliationRunView Read(ProjectionRow row)
    {
        var date = DateOnly.ParseExact(row.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var attempt = row.GetInt32(1);
        var counts = row.IsNull(6)
            ? null
            : new ReconciliationCounts(row.GetInt32(6), row.GetInt32(7), row.GetInt32(8), row.GetInt32(9), row.GetInt32(10), row.GetInt32(11), row.GetInt32(12), row.GetInt32(13));
        var errors = row.GetStringOrNull(14) is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
        return new ReconciliationRunView(
            ReconciliationRows.RunId(date, attempt),
            date,
            attempt,
            ReconciliationRows.ParseTrigger(row.GetString(2)),
            Enum.Parse<ReconciliationRunStatus>(row.GetString(3), ignoreCase: true),
            row.GetInstant(4),
            row.GetInstantOrNull(5),
            counts,
            errors,
            row.GetStringOrNull(15));
    }
}
