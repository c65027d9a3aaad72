using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// What the product's database did per completed lead between two snapshots: transactions (commits and rollbacks of
/// every session on the database, read-only ones included), top-level statements as <c>pg_stat_statements</c> counts
/// them (each statement of a batch, and BEGIN, COMMIT and SET, counted once), WAL bytes, and the statements with the
/// most calls.
/// </summary>
internal sealed record PostgresPerLead(
    double TransactionsPerLead,
    double RollbacksPerLead,
    double? StatementsPerLead,
    double WalBytesPerLead,
    IReadOnlyList<StatementFigure>? TopStatements)
{
    private const int TopCount = 25;

    public static PostgresPerLead Between(PostgresSnapshot before, PostgresSnapshot after, int leads)
    {
        var per = Math.Max(1, leads);
        List<StatementFigure>? top = null;
        double? statements = null;
        if (before.Statements is { } b && after.Statements is { } a)
        {
            var deltas = new List<(StatementCount Now, long Calls, long Rows, double Milliseconds)>();
            foreach (var (id, now) in a)
            {
                b.TryGetValue(id, out var was);
                var calls = now.Calls - (was?.Calls ?? 0);
                if (calls > 0)
                {
                    deltas.Add((now, calls, now.Rows - (was?.Rows ?? 0), now.ExecutionMilliseconds - (was?.ExecutionMilliseconds ?? 0)));
                }
            }

            statements = Stats.Round(deltas.Sum(d => d.Calls) / (double)per, 2);
            top = deltas.OrderByDescending(d => d.Calls).Take(TopCount)
                .Select(d => new StatementFigure(d.Now.Query, Stats.Round(d.Calls / (double)per, 3), Stats.Round(d.Rows / (double)per, 3), Stats.Round(d.Milliseconds / per, 4)))
                .ToList();
        }

        return new PostgresPerLead(
            Stats.Round((after.Commits + after.Rollbacks - before.Commits - before.Rollbacks) / (double)per, 2),
            Stats.Round((after.Rollbacks - before.Rollbacks) / (double)per, 2),
            statements,
            Stats.Round((after.WalBytes - before.WalBytes) / (double)per, 0),
            top);
    }
}
