namespace OrleansFlows.Grains.Retention;

/// <summary>The log event ids of retention: the range 6200–6299.</summary>
internal static class RetentionEventIds
{
    /// <summary>A run finished; it names what it deleted.</summary>
    public const int RunFinished = 6200;

    /// <summary>A run failed part way; what it deleted stays deleted, and the next tick runs again.</summary>
    public const int RunFailed = 6201;
}
