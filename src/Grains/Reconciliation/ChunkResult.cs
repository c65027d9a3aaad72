namespace OrleansFlows.Grains.Reconciliation;

/// <summary>How one chunk ended.</summary>
/// <param name="Index">Its index, from 0.</param>
/// <param name="Sent">Records in it.</param>
/// <param name="Acknowledged">The count the receiver said it accepted; null if it failed or the answer held no count.</param>
/// <param name="Attempts">Requests made for it.</param>
/// <param name="IdempotencyKey">Its key, the same on every request.</param>
/// <param name="Error">Why it failed for good, or null.</param>
public sealed record ChunkResult(int Index, int Sent, int? Acknowledged, int Attempts, string IdempotencyKey, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>Acknowledged, but not the count that was sent (or no readable count at all).</summary>
    public bool Mismatch => Succeeded && Acknowledged != Sent;
}
