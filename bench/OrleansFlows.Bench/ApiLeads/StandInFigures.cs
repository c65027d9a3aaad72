namespace OrleansFlows.Bench.ApiLeads;

/// <summary>What the stand-ins received during a run: enrichment calls (per completed lead: 1 when no step ran twice), Slack messages, refused Slack posts.</summary>
internal sealed record StandInFigures(long EnrichmentCalls, long SlackMessages, long SlackRefused, double EnrichmentCallsPerLead);
