using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Leads;

/// <summary>Where a lead's run stands. It moves accepted → running → (waiting) → completed | failed | cancelled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeadStatus>))]
[GenerateSerializer]
[Alias("OrleansFlows.LeadStatus")]
public enum LeadStatus
{
    /// <summary>Durably accepted; no step has started yet.</summary>
    [JsonStringEnumMemberName("accepted")]
    Accepted,

    /// <summary>A step is running or waiting to retry.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Only durable waits are pending.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Every step finished.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>A step failed for good; <see cref="LeadView.FailureReason"/> says why. It can be retried from that step.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Cancelled; no further step starts.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
