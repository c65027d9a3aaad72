namespace OrleansFlows.Bench.ApiLeads;

/// <summary>One normalized statement's totals in <c>pg_stat_statements</c>: its text (shortened), calls, rows and execution milliseconds.</summary>
internal sealed record StatementCount(string Query, long Calls, long Rows, double ExecutionMilliseconds);
