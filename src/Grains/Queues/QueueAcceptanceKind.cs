namespace OrleansFlows.Grains.Queues;

/// <summary>The outcomes of <see cref="QueueLeadIntake.AcceptAsync"/>.</summary>
internal enum QueueAcceptanceKind
{
    /// <summary>The lead is durably accepted (now, or by an earlier delivery of the same message): acknowledge.</summary>
    Accepted,

    /// <summary>The message can never become a lead: reject without requeue.</summary>
    Poison,

    /// <summary>The message may become a lead later (store down, ingest rate): give it back after a delay.</summary>
    Transient,
}
