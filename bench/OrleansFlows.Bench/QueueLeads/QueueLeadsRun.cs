using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// One queue run against one product process: the store, the phase (<c>warmup</c> or the loop), what the trigger and the
/// Slack stand-in saw, and what it cost. Clean: every message completed once, none rejected or requeued, one enrichment
/// call per lead, the queue empty at the end.
/// </summary>
internal sealed record QueueLeadsRun(
    string Store,
    string Phase,
    QueueLoad Load,
    bool Clean,
    CpuSplit? Cpu,
    PostgresPerLead? Postgres,
    ProductFigures Product,
    StandInFigures StandIns,
    SystemLoad LoadAtStart,
    SystemLoad LoadAtEnd);
