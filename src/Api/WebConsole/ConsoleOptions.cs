namespace OrleansFlows.Api.WebConsole;

/// <summary>The tenant web console's settings, from configuration section <c>OrleansFlows:Console</c>.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Console";

    /// <summary>
    /// Whether the API serves the console at <c>/console</c> (<c>OrleansFlows:Console:Enabled</c>, environment variable
    /// <c>OrleansFlows__Console__Enabled</c>). Default on; off, <c>/console</c> answers 404 like any unknown path.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
