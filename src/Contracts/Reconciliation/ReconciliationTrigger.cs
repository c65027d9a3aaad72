using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>Why a run started.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReconciliationTrigger>))]
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationTrigger")]
public enum ReconciliationTrigger
{
    /// <summary>The reminder for the date's run time.</summary>
    [JsonStringEnumMemberName("scheduled")]
    Scheduled,

    /// <summary>A date whose run time passed while the platform was down, run when it came back.</summary>
    [JsonStringEnumMemberName("catch-up")]
    CatchUp,

    /// <summary>Started through the API for a date that had not completed.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>Started through the API with <c>force</c> for a date that had completed.</summary>
    [JsonStringEnumMemberName("forced")]
    Forced,
}
