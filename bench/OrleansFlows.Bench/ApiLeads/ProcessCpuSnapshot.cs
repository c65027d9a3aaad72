using System.Diagnostics;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// CPU seconds used so far by each process of the benchmark (from <c>/proc</c>): the product, its PostgreSQL server
/// (postmaster and children: backends, WAL writer, checkpointer), the stand-ins, the RabbitMQ node (null without one),
/// the load generator (0 without one), this orchestrating process, and the whole machine's busy time (<c>/proc/stat</c>).
/// </summary>
internal sealed record ProcessCpuSnapshot(
    long Timestamp,
    double MachineBusy,
    bool MachineKnown,
    double Product,
    double Postgres,
    double StandIns,
    double? Broker,
    double LoadGenerator,
    double Orchestrator)
{
    public static ProcessCpuSnapshot Take(BenchProcesses processes, int? loadGeneratorPid)
    {
        var (busy, known) = CpuSnapshot.ReadMachineBusy();
        return new ProcessCpuSnapshot(
            Stopwatch.GetTimestamp(),
            busy,
            known,
            ProcStat.CpuSeconds(processes.ProductPid) ?? double.NaN,
            processes.PostmasterPid is { } postmaster ? CpuSnapshot.ReadServerSeconds(postmaster) : 0,
            ProcStat.CpuSeconds(processes.StandInsPid) ?? double.NaN,
            processes.BrokerPid is { } broker ? ProcStat.CpuSeconds(broker) ?? double.NaN : null,
            loadGeneratorPid is { } generator ? ProcStat.CpuSeconds(generator) ?? double.NaN : 0,
            Environment.CpuUsage.TotalTime.TotalSeconds);
    }
}
