namespace OrleansFlows.Storage;

/// <summary>How a silo waits for its store at start-up.</summary>
public sealed class StoreStartupOptions
{
    /// <summary>How many times to try to reach the store and create its schema. Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The delay after the first failed attempt; it doubles after each one. Default 500 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between attempts. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
