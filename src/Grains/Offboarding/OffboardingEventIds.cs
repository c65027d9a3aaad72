namespace OrleansFlows.Grains.Offboarding;

/// <summary>The log event ids of offboarding: the range 6400–6499.</summary>
internal static class OffboardingEventIds
{
    /// <summary>A tenant was suspended and its deletion scheduled.</summary>
    public const int Scheduled = 6400;

    /// <summary>A scheduled offboarding was cancelled; the tenant's suspension is restored.</summary>
    public const int Cancelled = 6401;

    /// <summary>A tenant and all its data were deleted; names what was deleted, by count. The one record kept of it.</summary>
    public const int Deleted = 6402;

    /// <summary>A deletion failed part way; what it deleted stays deleted, and the reminder runs it again.</summary>
    public const int DeletionFailed = 6403;
}
