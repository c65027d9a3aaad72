using System.Text.Json.Serialization;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Retention;

/// <summary>
/// The persisted state of a tenant's retention: its settings and where the nightly job stands. Runs are rows in
/// <c>retention_runs</c>, written with this state. Property names are stored contracts.
/// </summary>
public sealed class RetentionState : IHasRows
{
    /// <inheritdoc />
    [JsonIgnore]
    public List<ProjectionWrite> PendingRows { get; } = [];

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 1;

    /// <summary>Days a completed lead is kept; null means the default.</summary>
    [JsonPropertyName("completedLeadDays")]
    public int? CompletedLeadDays { get; set; }

    /// <summary>Days a failed lead is kept; null means the default.</summary>
    [JsonPropertyName("failedLeadDays")]
    public int? FailedLeadDays { get; set; }

    /// <summary>Days a stored record is kept; null means for ever.</summary>
    [JsonPropertyName("recordDays")]
    public int? RecordDays { get; set; }

    /// <summary>The tenant's time zone, read from the tenant when the job is scheduled.</summary>
    [JsonPropertyName("timeZone")]
    public string TimeZone { get; set; } = "";

    /// <summary>When the tenant was created: the job has no date to run before it.</summary>
    [JsonPropertyName("tenantCreatedAt")]
    public DateTimeOffset TenantCreatedAt { get; set; }

    /// <summary>The latest local date whose scheduled run finished.</summary>
    [JsonPropertyName("lastRunDate")]
    public DateOnly? LastRunDate { get; set; }

    /// <summary>How many runs were recorded; the next run's id follows it.</summary>
    [JsonPropertyName("runs")]
    public int Runs { get; set; }

    /// <summary>The run that is going on, or null.</summary>
    [JsonPropertyName("running")]
    public RetentionRunState? Running { get; set; }

    /// <summary>When the tenant last set the settings, or null.</summary>
    [JsonPropertyName("updatedAt")]
    public DateTimeOffset? UpdatedAt { get; set; }
}
