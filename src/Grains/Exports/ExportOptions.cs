namespace OrleansFlows.Grains.Exports;

/// <summary>Options for tenants' exports (configuration section <c>OrleansFlows:Exports</c>).</summary>
public sealed class ExportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Exports";

    /// <summary>
    /// How long a done export's zip is kept after it finished; then the zip is deleted and the export is <c>expired</c>.
    /// Default 7 days, from one second to 3,650 days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo looks for zips to delete: a quarter of <see cref="Retention"/>, from one second to one hour.</summary>
    public TimeSpan SweepPeriod => TimeSpan.FromTicks(Math.Clamp(Retention.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));
}
