namespace OrleansFlows.Bench.ApiLeads;

/// <summary>The product database's counters at one instant (see <see cref="PostgresCounters"/>); statements null without <c>pg_stat_statements</c>.</summary>
internal sealed record PostgresSnapshot(long Commits, long Rollbacks, long WalBytes, IReadOnlyDictionary<long, StatementCount>? Statements);
