namespace OrleansFlows.Bench.ApiLeads;

/// <summary>The pids whose CPU a run splits: the product, its PostgreSQL postmaster (null on SQLite), the stand-ins.</summary>
internal sealed record BenchProcesses(int ProductPid, int? PostmasterPid, int StandInsPid);
