using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Leads;

/// <summary>How one attempt of a step ended, as recorded in the lead's attempt history.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepAttemptOutcome>))]
[GenerateSerializer]
[Alias("OrleansFlows.StepAttemptOutcome")]
public enum StepAttemptOutcome
{
    /// <summary>Started; no outcome has been recorded yet (it is in flight, or its silo died and the lead's wake time will run it again).</summary>
    Running,

    /// <summary>The attempt succeeded.</summary>
    Succeeded,

    /// <summary>The attempt failed; <see cref="StepAttemptRecord.Error"/> says why. A retry may follow as a new attempt.</summary>
    Failed,
}
