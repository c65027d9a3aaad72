namespace OrleansFlows.Bench.ApiLeads;

/// <summary>A tenant's plan limits as the API shows them.</summary>
internal sealed record PlanFigures(int LeadsPerDay, int ConcurrentOutboundCalls, int IngestPerMinute);
