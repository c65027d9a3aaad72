using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>Everything an <c>api-leads</c> run measured.</summary>
internal sealed class ApiLeadsReport(ApiLeadsSettings settings, string repositoryRoot)
    : BenchReport<ApiLeadsSettings>(ApiLeadsSettings.Command, settings, settings.Quick, repositoryRoot)
{
    /// <summary>Why statements per lead are missing on PostgreSQL, or null when <c>pg_stat_statements</c> counted them.</summary>
    public string? StatementsUnavailable { get; set; }

    public List<ApiLeadsRun> Runs { get; } = [];
}
