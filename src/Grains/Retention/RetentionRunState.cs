using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Retention;

/// <summary>
/// The run that is going on, saved with each batch: where it stands and what it deleted so far. Its cut-off times are
/// fixed at its start, so a run resumed after a silo's death goes on with the same ones. Property names are stored contracts.
/// </summary>
public sealed class RetentionRunState
{
    [JsonPropertyName("runId")]
    public string RunId { get; set; } = "";

    [JsonPropertyName("trigger")]
    public string Trigger { get; set; } = "";

    /// <summary>The API key that started a manual run.</summary>
    [JsonPropertyName("requestedBy")]
    public string? RequestedBy { get; set; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The local date a scheduled run is for; it becomes the last run date when the run ends.</summary>
    [JsonPropertyName("dueDate")]
    public DateOnly? DueDate { get; set; }

    /// <summary>Completed leads last changed before this are due.</summary>
    [JsonPropertyName("completedBefore")]
    public DateTimeOffset CompletedBefore { get; set; }

    /// <summary>Failed leads last changed before this are due.</summary>
    [JsonPropertyName("failedBefore")]
    public DateTimeOffset FailedBefore { get; set; }

    /// <summary>Records stored before this are due; null when records are kept for ever.</summary>
    [JsonPropertyName("recordsBefore")]
    public DateTimeOffset? RecordsBefore { get; set; }

    [JsonPropertyName("phase")]
    public RetentionRunPhase Phase { get; set; }

    /// <summary>The (updated_at, lead_id) position after the last lead the current phase looked at.</summary>
    [JsonPropertyName("afterAt")]
    public DateTimeOffset? AfterAt { get; set; }

    [JsonPropertyName("afterId")]
    public string? AfterId { get; set; }

    [JsonPropertyName("completedLeads")]
    public int CompletedLeads { get; set; }

    [JsonPropertyName("failedLeads")]
    public int FailedLeads { get; set; }

    [JsonPropertyName("records")]
    public int Records { get; set; }

    [JsonPropertyName("batches")]
    public int Batches { get; set; }
}
