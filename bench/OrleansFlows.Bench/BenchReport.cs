using OrleansFlows.Bench.Harness;
using OrleansFlows.Bench.Scenarios;

namespace OrleansFlows.Bench;

/// <summary>Everything one run measured, written as JSON under bench/results/.</summary>
internal sealed class BenchReport
{
    public string Benchmark { get; init; } = "runtime";

    public required DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; set; }

    public required bool Quick { get; init; }

    public required MachineInfo Machine { get; init; }

    public required object Settings { get; init; }

    public PostgresInfo? Postgres { get; set; }

    public string? PostgresUnavailable { get; set; }

    public List<ThroughputFigure>? CallThroughput { get; set; }

    public List<LatencyFigure>? CallLatency { get; set; }

    public CallProfile? CallProfile { get; set; }

    public MemoryFigure? Memory { get; set; }

    public List<ActivationFigure>? ActivationLatency { get; set; }

    public List<ReminderFigure>? Reminders { get; set; }

    /// <summary>Machine load (other processes included) when each figure started.</summary>
    public List<SystemLoad> SystemLoad { get; } = [];

    public List<string> Errors { get; } = [];
}
