namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// CPU milliseconds per completed lead, by process; <see cref="ProductAndDatabase"/> is the product with its PostgreSQL
/// server, <see cref="AllButLoadGenerator"/> adds the stand-ins and the broker (the issue's "all processes except the
/// load generator"). <see cref="Broker"/> is null when the run used no broker.
/// </summary>
internal sealed record CpuPerLead(
    double Product,
    double Postgres,
    double StandIns,
    double? Broker,
    double LoadGenerator,
    double ProductAndDatabase,
    double AllButLoadGenerator);
