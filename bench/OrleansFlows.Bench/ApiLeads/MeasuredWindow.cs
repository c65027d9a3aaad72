using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The load generator's measured window, seen through its output: at <see cref="LoadGeneratorCommand.MeasureStart"/> it
/// reads every process's CPU, resets the product's peak memory and reads its writes; at
/// <see cref="LoadGeneratorCommand.MeasureEnd"/> it reads them again.
/// </summary>
internal sealed class MeasuredWindow(BenchProcesses processes)
{
    private readonly Lock _gate = new();
    private ProcessCpuSnapshot? _cpuBefore;
    private ProcessCpuSnapshot? _cpuAfter;
    private bool _peakReset;
    private long? _writtenBefore;
    private long? _writtenAfter;
    private (long? Resident, long? Peak) _memory;
    private int _generatorPid;

    /// <summary>Handles one line of the load generator's output.</summary>
    public void Observe(string line)
    {
        if (line is LoadGeneratorCommand.MeasureStart or LoadGeneratorCommand.MeasureEnd)
        {
            SpinWait.SpinUntil(() => GeneratorPid != 0, TimeSpan.FromSeconds(5));
        }

        if (line == LoadGeneratorCommand.MeasureStart)
        {
            var cpu = ProcessCpuSnapshot.Take(processes, GeneratorPid);
            lock (_gate)
            {
                _cpuBefore = cpu;
                _peakReset = ProcStat.ResetPeak(processes.ProductPid);
                _writtenBefore = ProcStat.WriteBytes(processes.ProductPid);
            }
        }
        else if (line == LoadGeneratorCommand.MeasureEnd)
        {
            var cpu = ProcessCpuSnapshot.Take(processes, GeneratorPid);
            lock (_gate)
            {
                _cpuAfter = cpu;
                _memory = ProcStat.Memory(processes.ProductPid);
                _writtenAfter = ProcStat.WriteBytes(processes.ProductPid);
            }
        }
    }

    /// <summary>The load generator's pid, set as soon as it started (its measured window starts well after).</summary>
    public int GeneratorPid
    {
        get => Volatile.Read(ref _generatorPid);
        set => Volatile.Write(ref _generatorPid, value);
    }

    public CpuSplit? Cpu(int completedLeads)
    {
        lock (_gate)
        {
            return _cpuBefore is { } before && _cpuAfter is { } after ? CpuSplit.Between(before, after, completedLeads) : null;
        }
    }

    public ProductFigures Product(int completedLeads)
    {
        lock (_gate)
        {
            static double? MiB(long? bytes) => bytes is { } b ? Stats.Round(b / 1048576.0) : null;
            return new ProductFigures(
                MiB(_memory.Peak),
                _peakReset,
                MiB(_memory.Resident),
                _writtenBefore is { } w0 && _writtenAfter is { } w1 ? Stats.Round((w1 - w0) / 1024.0 / Math.Max(1, completedLeads), 2) : null,
                0,
                0);
        }
    }
}
