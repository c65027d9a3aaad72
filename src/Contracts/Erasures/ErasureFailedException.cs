namespace OrleansFlows.Contracts.Erasures;

/// <summary>An erasure stopped part way (the store failed); what it erased stays erased, and sending it again finishes it.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.ErasureFailedException")]
public sealed class ErasureFailedException(string erasureId)
    : Exception($"Erasure '{erasureId}' stopped part way; what it erased stays erased. Send the erasure again to finish it.")
{
    /// <summary>The erasure, recorded as failed.</summary>
    [Id(0)]
    public string ErasureId { get; private set; } = erasureId;
}
