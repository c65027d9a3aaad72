using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Leads;

/// <summary>The persisted progress of one step of a lead. Property names are stored contracts.</summary>
public sealed class StepRunState
{
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("status")]
    public StepStatus Status { get; set; }

    /// <summary>The number of the attempt in flight or last run, from 1; it keeps counting across manual retries.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    /// <summary>The attempt number the current round of retries started after (a manual retry starts a new round).</summary>
    [JsonPropertyName("roundStart")]
    public int RoundStart { get; set; }

    /// <summary>The resume deadline of a running attempt, the time of the next retry, or the end of a wait.</summary>
    [JsonPropertyName("dueAt")]
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>
    /// The silo incarnation (address and generation, as Orleans parses it) whose step executor holds the attempt in
    /// flight; null when none is in flight or for an attempt stored before this was recorded. When that incarnation is
    /// gone (a restart, or the silo was declared dead), the lead runs the attempt again at once rather than at its
    /// resume deadline.
    /// </summary>
    [JsonPropertyName("runBy")]
    public string? RunBy { get; set; }

    /// <summary>Whether the last failed attempt was retryable (a timeout, 429 or 5xx): the nightly repair retries such failures once.</summary>
    [JsonPropertyName("lastFailureRetryable")]
    public bool? LastFailureRetryable { get; set; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset? StartedAt { get; set; }

    [JsonPropertyName("finishedAt")]
    public DateTimeOffset? FinishedAt { get; set; }

    [JsonPropertyName("output")]
    public JsonNode? Output { get; set; }

    /// <summary>For a branch step: the chosen case, or -1 for <c>else</c>; null until chosen.</summary>
    [JsonPropertyName("chosenCase")]
    public int? ChosenCase { get; set; }

    [JsonPropertyName("lastError")]
    public string? LastError { get; set; }

    [JsonPropertyName("lastHttpStatus")]
    public int? LastHttpStatus { get; set; }

    /// <summary>Attempts in the current round.</summary>
    [JsonIgnore]
    public int AttemptsInRound => Attempt - RoundStart;
}
