using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>Everything a <c>queue-leads</c> run measured, written as JSON under bench/results/.</summary>
internal sealed class QueueLeadsReport
{
    public string Benchmark => QueueLeadsSettings.Command;

    public required DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; set; }

    public required bool Quick { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>Uncommitted changes under src/ when the run started (the figures measure the working tree).</summary>
    public IReadOnlyList<string>? SourceChanges { get; init; }

    public required QueueLeadsSettings Settings { get; init; }

    public string? RabbitMqVersion { get; set; }

    public PostgresInfo? Postgres { get; set; }

    public string? PostgresUnavailable { get; set; }

    /// <summary>Why statements per lead are missing on PostgreSQL, or null when <c>pg_stat_statements</c> counted them.</summary>
    public string? StatementsUnavailable { get; set; }

    /// <summary>The medians of the measured runs, per store, prefetch and loop.</summary>
    public List<QueueLeadsMedian> Medians { get; set; } = [];

    public List<QueueLeadsRun> Runs { get; } = [];

    /// <summary>Machine load (other processes included) when the benchmark started and ended.</summary>
    public List<SystemLoad> SystemLoad { get; } = [];

    public List<string> Errors { get; } = [];
}
