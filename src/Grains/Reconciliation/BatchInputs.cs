using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>Reads what a batch works on: the date's batch records and lead outcomes, and the month's totals. Every query filters by the tenant.</summary>
public sealed class BatchInputs(IProjectionStore store)
{
    /// <summary>The records <c>batch</c> steps handed over for the date, ordered by lead id so chunks are the same on every attempt.</summary>
    public Task<IReadOnlyList<BatchRecordRow>> RecordsAsync(TenantId tenant, DateOnly date, CancellationToken cancellationToken) =>
        store.QueryAsync(
            $"""
            SELECT lead_id, workflow, {(store.Kind == StoreKind.Postgres ? "data::text" : "data")}, added_at FROM batch_records
            WHERE tenant_id = @tenant AND business_date = @date
            ORDER BY lead_id
            """,
            Parameters(tenant, date),
            row => new BatchRecordRow(row.GetString(0), row.GetString(1), row.GetString(2), row.GetInstant(3)),
            tenant.Value,
            cancellationToken);

    /// <summary>A page of the date's batch records, by lead id (the order the run chunks them in), after the cursor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor this list issued.</exception>
    public async Task<Page<BatchRecordRow>> PageAsync(TenantId tenant, DateOnly date, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var parameters = Parameters(tenant, date);
        parameters["limit"] = limit + 1;
        var afterClause = "";
        if (PageCursor.Decode(cursor) is { } after)
        {
            parameters["afterLead"] = after.Id;
            afterClause = "AND lead_id > @afterLead";
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT lead_id, workflow, {(store.Kind == StoreKind.Postgres ? "data::text" : "data")}, added_at FROM batch_records
            WHERE tenant_id = @tenant AND business_date = @date {afterClause}
            ORDER BY lead_id
            LIMIT @limit
            """,
            parameters,
            row => new BatchRecordRow(row.GetString(0), row.GetString(1), row.GetString(2), row.GetInstant(3)),
            tenant.Value,
            cancellationToken);
        return Page<BatchRecordRow>.From(rows, limit, r => PageCursor.Encode(r.AddedAt, r.LeadId));
    }

    /// <summary>Every lead accepted on the date, as its list row says now.</summary>
    public Task<IReadOnlyList<LeadOutcomeRow>> LeadsAsync(TenantId tenant, DateOnly date, CancellationToken cancellationToken) =>
        store.QueryAsync(
            """
            SELECT lead_id, workflow, status, accepted_at, updated_at, failed_step_id, CASE WHEN failure_retryable THEN 1 ELSE 0 END FROM leads
            WHERE tenant_id = @tenant AND business_date = @date
            ORDER BY lead_id
            """,
            Parameters(tenant, date),
            row => new LeadOutcomeRow(
                row.GetString(0),
                row.GetString(1),
                Enum.Parse<LeadStatus>(row.GetString(2), ignoreCase: true),
                row.GetInstant(3),
                row.GetInstant(4),
                row.GetStringOrNull(5),
                row.GetInt32(6) == 1),
            tenant.Value,
            cancellationToken);

    /// <summary>Leads by status and batch records from the first of <paramref name="through"/>'s month up to it.</summary>
    public async Task<MonthTotals> MonthAsync(TenantId tenant, DateOnly through, CancellationToken cancellationToken)
    {
        var first = new DateOnly(through.Year, through.Month, 1);
        var parameters = new Dictionary<string, object?>
        {
            ["tenant"] = tenant.Value,
            ["from"] = ReconciliationRows.DateText(first),
            ["to"] = ReconciliationRows.DateText(through),
        };
        var statuses = await store.QueryAsync(
            """
            SELECT status, COUNT(*) FROM leads
            WHERE tenant_id = @tenant AND business_date >= @from AND business_date <= @to
            GROUP BY status
            """,
            parameters,
            row => (Status: row.GetString(0), Count: row.GetInt32(1)),
            tenant.Value,
            cancellationToken);
        var records = await store.QueryAsync(
            "SELECT COUNT(*) FROM batch_records WHERE tenant_id = @tenant AND business_date >= @from AND business_date <= @to",
            parameters,
            row => row.GetInt32(0),
            tenant.Value,
            cancellationToken);
        return new MonthTotals(first, through, statuses.ToDictionary(s => s.Status, s => s.Count, StringComparer.Ordinal), records[0]);
    }

    private static Dictionary<string, object?> Parameters(TenantId tenant, DateOnly date) =>
        new() { ["tenant"] = tenant.Value, ["date"] = ReconciliationRows.DateText(date) };
}

/// <summary>One <c>batch_records</c> row.</summary>
public sealed record BatchRecordRow(string LeadId, string Workflow, string DataJson, DateTimeOffset AddedAt);

/// <summary>One lead of the date, from its <c>leads</c> row.</summary>
public sealed record LeadOutcomeRow(
    string LeadId, string Workflow, LeadStatus Status, DateTimeOffset AcceptedAt, DateTimeOffset UpdatedAt, string? FailedStepId, bool FailureRetryable);

/// <summary>A month's totals up to a date.</summary>
public sealed record MonthTotals(DateOnly From, DateOnly Through, IReadOnlyDictionary<string, int> LeadsByStatus, int Records);
