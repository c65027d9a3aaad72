namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Orleans timings an operator may change, from configuration section <c>OrleansFlows:Silo</c>; each maps onto the
/// Orleans option its property names.
/// </summary>
public sealed class SiloTimings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Silo";

    /// <summary><c>GrainCollectionOptions.CollectionAge</c>: an activation idle this long is collected. Default 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary><c>SiloMessagingOptions.ResponseTimeout</c>: how long a grain call may take. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>ReminderOptions.MinimumReminderPeriod</c>. Default 1 minute; shorter only for tests.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the timings.</summary>
    /// <exception cref="InvalidOperationException">A timing is not positive; the message names it.</exception>
    public void Validate()
    {
        if (CollectionAge <= TimeSpan.Zero || ResponseTimeout <= TimeSpan.Zero || MinimumReminderPeriod <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(CollectionAge)}, {nameof(ResponseTimeout)} and {nameof(MinimumReminderPeriod)} must be positive; they are {CollectionAge}, {ResponseTimeout} and {MinimumReminderPeriod}.");
        }
    }
}
