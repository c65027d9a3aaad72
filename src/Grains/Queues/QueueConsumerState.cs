using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Queues;

namespace OrleansFlows.Grains.Queues;

/// <summary>The persisted state of a trigger's consumer: the reasons of its latest rejections, the tenant's record of them.</summary>
internal sealed class QueueConsumerState
{
    /// <summary>How many rejections are kept.</summary>
    public const int MaxRejections = 100;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 1;

    /// <summary>Newest first, at most <see cref="MaxRejections"/>.</summary>
    [JsonPropertyName("rejections")]
    public List<QueueRejection> Rejections { get; set; } = [];

    /// <summary>Every rejection ever recorded.</summary>
    [JsonPropertyName("rejectedTotal")]
    public long RejectedTotal { get; set; }
}
