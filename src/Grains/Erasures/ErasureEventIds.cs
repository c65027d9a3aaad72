namespace OrleansFlows.Grains.Erasures;

/// <summary>The log event ids of erasures: the range 6400–6499 (6300–6399 is left to tenant offboarding).</summary>
internal static class ErasureEventIds
{
    /// <summary>A tenant asked for an erasure; names the API key, never the email.</summary>
    public const int Requested = 6400;

    /// <summary>An erasure finished, with its counts.</summary>
    public const int Finished = 6401;

    /// <summary>An erasure failed part way; what it erased stays erased.</summary>
    public const int Failed = 6402;

    /// <summary>An erasure left running by a silo that stopped was marked failed when read.</summary>
    public const int Interrupted = 6403;
}
