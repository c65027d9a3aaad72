namespace OrleansFlows.Runtime.Hosting;

/// <summary>Options for grain calls.</summary>
public sealed class GrainCallOptions
{
    /// <summary>How long a caller waits for a grain call to answer. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
