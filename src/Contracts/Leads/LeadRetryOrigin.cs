namespace OrleansFlows.Contracts.Leads;

/// <summary>The operation a retry is part of, named in the lead's audit trail.</summary>
/// <param name="OperationId">The operation's id, such as a bulk retry's <c>bulk_…</c>.</param>
/// <param name="RequestedByKeyId">The id of the API key that asked for it, when an API key did.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadRetryOrigin")]
public sealed record LeadRetryOrigin(string OperationId, string? RequestedByKeyId)
{
    /// <summary>The audit trail's words for it.</summary>
    public string Describe() =>
        RequestedByKeyId is null ? $"bulk retry {OperationId}" : $"bulk retry {OperationId} requested with API key {RequestedByKeyId}";
}
