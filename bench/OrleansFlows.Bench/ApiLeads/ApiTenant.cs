namespace OrleansFlows.Bench.ApiLeads;

/// <summary>A tenant the benchmark set up through the REST API: its id, its API key, its webhook signing secret, and its plan limits as read back.</summary>
internal sealed record ApiTenant(string Id, string ApiKey, string WebhookSecret, PlanFigures Limits);
