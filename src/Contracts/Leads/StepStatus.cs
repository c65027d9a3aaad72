using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Leads;

/// <summary>Where one step of a lead stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
[GenerateSerializer]
[Alias("OrleansFlows.StepStatus")]
public enum StepStatus
{
    /// <summary>Handed to the step executor, or (for branch and parallel steps) its inner steps are running.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The last attempt failed; the next one is scheduled.</summary>
    [JsonStringEnumMemberName("retryWaiting")]
    RetryWaiting,

    /// <summary>A durable wait is pending.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Finished successfully; never run again.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Failed for good.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
