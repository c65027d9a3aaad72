using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Leads;

/// <summary>Where one step of a lead stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus
{
    /// <summary>Handed to the step executor, or (for branch and parallel steps) its inner steps are running.</summary>
    Running,

    /// <summary>The last attempt failed; the next one is scheduled.</summary>
    RetryWaiting,

    /// <summary>A durable wait is pending.</summary>
    Waiting,

    /// <summary>Finished successfully; never run again.</summary>
    Completed,

    /// <summary>Failed for good.</summary>
    Failed,
}
