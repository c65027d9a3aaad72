namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The pids whose CPU a run splits: the product, its PostgreSQL postmaster (null on SQLite), the stand-ins, and the
/// RabbitMQ node's Erlang VM (null when the run uses no broker).
/// </summary>
internal sealed record BenchProcesses(int ProductPid, int? PostmasterPid, int StandInsPid, int? BrokerPid = null);
