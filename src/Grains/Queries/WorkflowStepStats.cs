using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Queries;

/// <summary>
/// Per-step attempt counts and median durations of a workflow over a window, aggregated in SQL from the attempt rows
/// (<c>step_attempts</c>, by start, through <c>ix_step_attempts_started</c>) joined to their leads for the workflow.
/// </summary>
public sealed class WorkflowStepStats(IProjectionStore store)
{
    // The tenant's attempts started in the window, of the workflow's leads.
    private const string WindowAttempts = """
        SELECT a.step_id, a.kind, a.outcome, a.started_at, a.finished_at FROM step_attempts a
        JOIN leads l ON l.tenant_id = a.tenant_id AND l.lead_id = a.lead_id
        WHERE a.tenant_id = @tenant AND l.tenant_id = @tenant AND l.workflow = @workflow
            AND a.started_at >= @from AND a.started_at < @to
        """;

    /// <summary>One entry per step with attempts started in [<paramref name="from"/>, <paramref name="to"/>), in the order the steps first ran.</summary>
    public async Task<IReadOnlyList<StepStats>> GetAsync(TenantId tenant, string workflow, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["workflow"] = workflow, ["from"] = from, ["to"] = to };
        var counts = await store.QueryAsync(
            $"""
            WITH attempts AS ({WindowAttempts})
            SELECT step_id, MAX(kind), COUNT(*),
                SUM(CASE WHEN outcome = '{LeadRows.OutcomeName(StepAttemptOutcome.Succeeded)}' THEN 1 ELSE 0 END),
                SUM(CASE WHEN outcome = '{LeadRows.OutcomeName(StepAttemptOutcome.Failed)}' THEN 1 ELSE 0 END),
                MIN(started_at)
            FROM attempts GROUP BY step_id
            ORDER BY MIN(started_at), step_id
            """,
            parameters,
            row => (Step: row.GetString(0), Kind: row.GetString(1), Attempts: row.GetInt64(2), Succeeded: row.GetInt64(3), Failed: row.GetInt64(4)),
            tenant.Value,
            cancellationToken);

        // The middle one or two finished attempts of each step, ordered by duration; the difference of two instants
        // orders alike on both stores (milliseconds on SQLite, an interval on PostgreSQL), and the durations are read here.
        var middles = await store.QueryAsync(
            $"""
            WITH attempts AS ({WindowAttempts}),
            ranked AS (
                SELECT step_id, started_at, finished_at,
                    ROW_NUMBER() OVER (PARTITION BY step_id ORDER BY finished_at - started_at) AS place,
                    COUNT(*) OVER (PARTITION BY step_id) AS finished
                FROM attempts WHERE finished_at IS NOT NULL
            )
            SELECT step_id, started_at, finished_at FROM ranked
            WHERE place = (finished + 1) / 2 OR place = (finished + 2) / 2
            """,
            parameters,
            row => (Step: row.GetString(0), Ms: (row.GetInstant(2) - row.GetInstant(1)).TotalMilliseconds),
            tenant.Value,
            cancellationToken);

        var medians = middles.GroupBy(m => m.Step).ToDictionary(g => g.Key, g => g.Average(m => m.Ms));
        return counts.Select(c => new StepStats(
            c.Step,
            c.Kind,
            c.Attempts,
            c.Succeeded,
            c.Failed,
            (double)c.Succeeded / c.Attempts,
            medians.TryGetValue(c.Step, out var median) ? median : null,
            c.Attempts - c.Succeeded - c.Failed)).ToList();
    }
}
