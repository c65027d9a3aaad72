using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// One load run against one product process: the store, the shape (tenants and their plan), the phase
/// (<c>warmup</c>, <c>closed</c> or <c>open</c>), what the client and the Slack stand-in saw, and what it cost.
/// </summary>
internal sealed record ApiLeadsRun(
    string Store,
    string Shape,
    int Tenants,
    PlanFigures Plan,
    string Phase,
    LoadResult Load,
    CpuSplit? Cpu,
    PostgresPerLead? Postgres,
    ProductFigures Product,
    StandInFigures StandIns,
    SystemLoad LoadAtStart,
    SystemLoad LoadAtEnd);
