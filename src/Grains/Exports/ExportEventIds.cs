namespace OrleansFlows.Grains.Exports;

/// <summary>The log event ids of exports: the range 3800–3899 (3700–3799 is left to retention).</summary>
internal static class ExportEventIds
{
    /// <summary>A tenant asked for an export; names the API key.</summary>
    public const int Requested = 3800;

    /// <summary>An export finished, with its line counts.</summary>
    public const int Finished = 3801;

    /// <summary>An export failed.</summary>
    public const int Failed = 3802;

    /// <summary>An export left queued or running by a silo that stopped was started again.</summary>
    public const int Resumed = 3803;

    /// <summary>An export's zip was downloaded.</summary>
    public const int Downloaded = 3804;

    /// <summary>A done export passed its retention: its zip is deleted and it is expired.</summary>
    public const int Expired = 3805;

    /// <summary>A silo's look for expired zips failed; the next period tries again.</summary>
    public const int SweepFailed = 3806;
}
