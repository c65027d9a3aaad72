namespace OrleansFlows.Bench.ApiLeads;

/// <summary>What the stand-ins received: enrichment calls, Slack messages accepted, and Slack posts refused.</summary>
internal sealed record StandInCounts(long EnrichmentCalls, long SlackMessages, long SlackRefused);
