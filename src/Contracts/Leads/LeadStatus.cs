using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Leads;

/// <summary>Where a lead's run stands. It moves accepted → running → (waiting) → completed | failed | cancelled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeadStatus>))]
public enum LeadStatus
{
    /// <summary>Durably accepted; no step has started yet.</summary>
    Accepted,

    /// <summary>A step is running or waiting to retry.</summary>
    Running,

    /// <summary>Only durable waits are pending.</summary>
    Waiting,

    /// <summary>Every step finished.</summary>
    Completed,

    /// <summary>A step failed for good; <see cref="LeadView.FailureReason"/> says why. It can be retried from that step.</summary>
    Failed,

    /// <summary>Cancelled; no further step starts.</summary>
    Cancelled,
}
