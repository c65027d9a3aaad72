using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Offboarding;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Tenants;

/// <summary>The persisted state of a tenant. Property names are stored contracts: add fields, never rename them.</summary>
public sealed class TenantState : IHasRows
{
    /// <inheritdoc />
    [JsonIgnore]
    public List<ProjectionWrite> PendingRows { get; } = [];

    /// <summary>The shape version of this state.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 1;

    [JsonPropertyName("profile")]
    public TenantProfile? Profile { get; set; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; set; }

    [JsonPropertyName("suspended")]
    public bool Suspended { get; set; }

    [JsonPropertyName("limits")]
    public PlanLimits Limits { get; set; } = PlanLimits.Default;

    [JsonPropertyName("apiKeys")]
    public List<StoredApiKey> ApiKeys { get; set; } = [];

    [JsonPropertyName("webhookSecrets")]
    public List<StoredWebhookSecret> WebhookSecrets { get; set; } = [];

    [JsonPropertyName("connections")]
    public Dictionary<string, Connection> Connections { get; set; } = [];

    [JsonPropertyName("workflows")]
    public Dictionary<string, WorkflowEntry> Workflows { get; set; } = [];

    /// <summary>The scheduled deletion while the tenant is being offboarded; null otherwise.</summary>
    [JsonPropertyName("offboarding")]
    public TenantOffboarding? Offboarding { get; set; }
}
