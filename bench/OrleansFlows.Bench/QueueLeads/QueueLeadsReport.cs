using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>Everything a <c>queue-leads</c> run measured.</summary>
internal sealed class QueueLeadsReport(QueueLeadsSettings settings, string repositoryRoot)
    : BenchReport<QueueLeadsSettings>(QueueLeadsSettings.Command, settings, settings.Quick, repositoryRoot)
{
    public string? RabbitMqVersion { get; set; }

    /// <summary>Why statements per lead are missing on PostgreSQL, or null when <c>pg_stat_statements</c> counted them.</summary>
    public string? StatementsUnavailable { get; set; }

    /// <summary>The medians of the measured runs, per store, prefetch and loop.</summary>
    public List<QueueLeadsMedian> Medians { get; set; } = [];

    public List<QueueLeadsRun> Runs { get; } = [];
}
