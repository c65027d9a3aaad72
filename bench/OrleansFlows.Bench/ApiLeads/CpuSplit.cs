using System.Diagnostics;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// How the cores were used over a run's measured window, by process: in percent of all cores (100 % = every core busy
/// for the whole window), and in CPU milliseconds per completed lead. <c>Other</c> is the machine's busy time that none of
/// the benchmark's processes used (other work on a shared machine). The broker's share is null when the run used none.
/// </summary>
internal sealed record CpuSplit(
    double Seconds,
    double MachineBusyPercent,
    double ProductPercent,
    double PostgresPercent,
    double StandInsPercent,
    double? BrokerPercent,
    double LoadGeneratorPercent,
    double OrchestratorPercent,
    double OtherPercent,
    CpuPerLead PerLead)
{
    public static CpuSplit Between(ProcessCpuSnapshot before, ProcessCpuSnapshot after, int completedLeads)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var capacity = seconds * Environment.ProcessorCount / 100;
        var machine = before.MachineKnown && after.MachineKnown ? after.MachineBusy - before.MachineBusy : double.NaN;
        var product = after.Product - before.Product;
        var postgres = Math.Max(0, after.Postgres - before.Postgres);
        var standIns = after.StandIns - before.StandIns;
        double? broker = before.Broker is { } b0 && after.Broker is { } b1 ? b1 - b0 : null;
        var loadGenerator = after.LoadGenerator - before.LoadGenerator;
        var orchestrator = after.Orchestrator - before.Orchestrator;
        var leads = Math.Max(1, completedLeads);
        double PerLead(double cpuSeconds) => Stats.Round(cpuSeconds * 1000 / leads, 3);
        return new CpuSplit(
            Stats.Round(seconds, 2),
            Stats.Round(machine / capacity),
            Stats.Round(product / capacity),
            Stats.Round(postgres / capacity),
            Stats.Round(standIns / capacity),
            broker is { } brokerSeconds ? Stats.Round(brokerSeconds / capacity) : null,
            Stats.Round(loadGenerator / capacity),
            Stats.Round(orchestrator / capacity),
            Stats.Round(Math.Max(0, machine - product - postgres - standIns - (broker ?? 0) - loadGenerator - orchestrator) / capacity),
            new CpuPerLead(
                PerLead(product),
                PerLead(postgres),
                PerLead(standIns),
                broker is { } brokerCpu ? PerLead(brokerCpu) : null,
                PerLead(loadGenerator),
                PerLead(product + postgres),
                PerLead(product + postgres + standIns + (broker ?? 0))));
    }
}
