namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// CPU milliseconds per completed lead, by process; <see cref="ProductAndDatabase"/> is the product with its PostgreSQL
/// server, <see cref="AllButLoadGenerator"/> adds the stand-ins (the "all processes except the load generator").
/// </summary>
internal sealed record CpuPerLead(
    double Product,
    double Postgres,
    double StandIns,
    double LoadGenerator,
    double ProductAndDatabase,
    double AllButLoadGenerator);
