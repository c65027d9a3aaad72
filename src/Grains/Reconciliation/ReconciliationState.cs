using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// The persisted state of a tenant's reconciliation: the schedule and where the scheduler stands. Runs themselves are
/// rows in <c>reconciliation_runs</c>, so the state stays small. Property names are stored contracts.
/// </summary>
public sealed class ReconciliationState : IHasRows
{
    /// <inheritdoc />
    [JsonIgnore]
    public List<ProjectionWrite> PendingRows { get; } = [];

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 1;

    [JsonPropertyName("schedule")]
    public StoredSchedule? Schedule { get; set; }

    /// <summary>When the tenant was created: catch-up never reaches a business date before it.</summary>
    [JsonPropertyName("tenantCreatedAt")]
    public DateTimeOffset TenantCreatedAt { get; set; }

    /// <summary>The latest business date the scheduler ran (completed or failed); manual runs don't move it.</summary>
    [JsonPropertyName("lastCompletedBusinessDate")]
    public DateOnly? LastCompletedBusinessDate { get; set; }

    /// <summary>The run in progress, or null. One at a time per tenant, so runs of a date can never overlap.</summary>
    [JsonPropertyName("active")]
    public ActiveRun? Active { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A schedule with its defaults filled in.</summary>
public sealed class StoredSchedule
{
    [JsonPropertyName("dailyAt")]
    public TimeOnly DailyAt { get; set; }

    [JsonPropertyName("timeZone")]
    public string TimeZone { get; set; } = "";

    [JsonPropertyName("monthlyReportDay")]
    public int? MonthlyReportDay { get; set; }

    [JsonPropertyName("lookBackDays")]
    public int LookBackDays { get; set; }

    [JsonPropertyName("connection")]
    public string? Connection { get; set; }

    [JsonPropertyName("path")]
    public string Path { get; set; } = "/";

    [JsonPropertyName("chunkSize")]
    public int ChunkSize { get; set; }

    [JsonPropertyName("notifyConnection")]
    public string? NotifyConnection { get; set; }
}

/// <summary>The run in progress.</summary>
public sealed class ActiveRun
{
    [JsonPropertyName("businessDate")]
    public DateOnly BusinessDate { get; set; }

    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    [JsonPropertyName("trigger")]
    public ReconciliationTrigger Trigger { get; set; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the grain runs the batch again if no outcome came: the executor may have died with it.</summary>
    [JsonPropertyName("resumeAt")]
    public DateTimeOffset ResumeAt { get; set; }
}
