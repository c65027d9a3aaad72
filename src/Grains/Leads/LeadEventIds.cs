namespace OrleansFlows.Grains.Leads;

/// <summary>The log event ids of leads: the range 3000–3099.</summary>
internal static class LeadEventIds
{
    /// <summary>An outcome arrived for an attempt the lead no longer waits for.</summary>
    public const int StaleOutcome = 3000;

    /// <summary>A lead failed: a step failed and has no attempts left.</summary>
    public const int LeadFailed = 3001;

    /// <summary>A lead was woken with nothing due; it wrote nothing.</summary>
    public const int NothingDue = 3002;

    /// <summary>Deleting a lead for retention failed; the lead is unchanged.</summary>
    public const int DeleteFailed = 3003;

    /// <summary>Erasing a lead for a data subject's erasure failed; the lead is unchanged.</summary>
    public const int EraseFailed = 3004;

    /// <summary>A store step's record of a lead that no longer exists was removed.</summary>
    public const int OrphanRecordRemoved = 3005;
}
