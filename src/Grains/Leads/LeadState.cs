using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// The persisted state of a lead. It holds the run's data and each step's progress; attempt history and the audit
/// trail are rows in tables, so the state stays bounded by the workflow's size. Property names are stored contracts.
/// </summary>
public sealed class LeadState : IHasRows
{
    /// <inheritdoc />
    [JsonIgnore]
    public List<ProjectionWrite> PendingRows { get; } = [];

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 1;

    [JsonPropertyName("workflow")]
    public string Workflow { get; set; } = "";

    [JsonPropertyName("workflowVersion")]
    public int WorkflowVersion { get; set; }

    [JsonPropertyName("idempotencyKey")]
    public string? IdempotencyKey { get; set; }

    [JsonPropertyName("bodyHash")]
    public string BodyHash { get; set; } = "";

    [JsonPropertyName("source")]
    public string Source { get; set; } = "";

    [JsonPropertyName("status")]
    public LeadStatus Status { get; set; }

    [JsonPropertyName("input")]
    public JsonObject Input { get; set; } = [];

    [JsonPropertyName("steps")]
    public Dictionary<string, StepRunState> Steps { get; set; } = [];

    /// <summary>Ids of completed steps with object outputs, in completion order: <c>lead</c> merges them in this order.</summary>
    [JsonPropertyName("mergeOrder")]
    public List<string> MergeOrder { get; set; } = [];

    [JsonPropertyName("acceptedAt")]
    public DateTimeOffset AcceptedAt { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; set; }

    [JsonPropertyName("businessDate")]
    public string BusinessDate { get; set; } = "";

    [JsonPropertyName("failureReason")]
    public string? FailureReason { get; set; }

    [JsonPropertyName("failedStepId")]
    public string? FailedStepId { get; set; }

    /// <summary>Whether the failed step's last attempt failed in a retryable way; null while the lead has not failed.</summary>
    [JsonPropertyName("failureRetryable")]
    public bool? FailureRetryable { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that accepted the lead: every later span of the lead (steps, wakes,
    /// retries, on whichever silo) joins this trace. Null for a lead accepted while nothing traced, or stored before
    /// leads kept it; left out of the stored JSON while null.
    /// </summary>
    [JsonPropertyName("traceParent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; set; }

    /// <summary>The W3C <c>tracestate</c> that came with <see cref="TraceParent"/>, if any.</summary>
    [JsonPropertyName("traceState")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceState { get; set; }

    /// <summary>The sequence number of the last audit row written, so each row has a stable key.</summary>
    [JsonPropertyName("auditSequence")]
    public long AuditSequence { get; set; }
}
