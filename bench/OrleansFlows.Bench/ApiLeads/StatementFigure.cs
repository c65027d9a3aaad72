namespace OrleansFlows.Bench.ApiLeads;

/// <summary>One statement's calls, rows and execution milliseconds per completed lead.</summary>
internal sealed record StatementFigure(string Query, double CallsPerLead, double RowsPerLead, double ExecutionMillisecondsPerLead);
