namespace OrleansFlows.Contracts.Erasures;

/// <summary>An erasure as recorded: never the email it was asked for.</summary>
/// <param name="ErasureId">Its id.</param>
/// <param name="Status"><c>running</c>, <c>completed</c> or <c>failed</c> (see <see cref="ErasureStatus"/>).</param>
/// <param name="RequestedBy">The id of the API key that asked for it.</param>
/// <param name="RequestedAt">When it was asked for.</param>
/// <param name="FinishedAt">When it ended, or null while it runs.</param>
/// <param name="Leads">The leads erased.</param>
/// <param name="CancelledLeads">Of those, the leads that were still running or waiting and were cancelled first.</param>
/// <param name="Records">The stored records removed.</param>
/// <param name="AuditRows">The audit rows removed (the one row each erased lead keeps to say it was erased is not counted).</param>
/// <param name="Attempts">The step attempts removed.</param>
/// <param name="Error">Once failed: why, without any of the erased data.</param>
[GenerateSerializer]
[Alias("OrleansFlows.ErasureView")]
public sealed record ErasureView(
    string ErasureId,
    string Status,
    string? RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    int Leads,
    int CancelledLeads,
    int Records,
    int AuditRows,
    int Attempts,
    string? Error);
