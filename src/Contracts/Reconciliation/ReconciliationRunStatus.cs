using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>Where a run stands: running → completed | failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReconciliationRunStatus>))]
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationRunStatus")]
public enum ReconciliationRunStatus
{
    /// <summary>Recorded and handed to the executor.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Finished; every chunk was acknowledged (count mismatches are flagged in the report).</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Finished with errors (a chunk was refused after its retries, or the connection is unusable); see the run's errors.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
