namespace OrleansFlows.Api.DataRequests;

/// <summary>
/// The rate of data requests per tenant (configuration section <c>OrleansFlows:DataRequests</c>): exports, erasures and
/// retention runs started by hand. Checked at start-up by <see cref="DataRequestOptionsValidator"/>.
/// </summary>
public sealed class DataRequestOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:DataRequests";

    /// <summary>Data requests one tenant may make per minute, counted by its tenant grain across every API. Default 10.</summary>
    public int PerMinute { get; set; } = 10;
}
