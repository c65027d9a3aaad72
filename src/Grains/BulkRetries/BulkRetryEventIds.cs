namespace OrleansFlows.Grains.BulkRetries;

/// <summary>The log event ids of bulk retries: the range 3600–3699.</summary>
internal static class BulkRetryEventIds
{
    /// <summary>A bulk retry started, with what it matched.</summary>
    public const int Started = 3600;

    /// <summary>A bulk retry finished, with its count.</summary>
    public const int Finished = 3601;

    /// <summary>A matched lead failed to retry for a reason other than having changed state.</summary>
    public const int LeadNotRetried = 3602;
}
