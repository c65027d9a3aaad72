namespace OrleansFlows.Runtime.Abstractions;

/// <summary>Implemented by a grain class that registers durable reminders.</summary>
public interface IRemindable
{
    /// <summary>Receives a reminder tick as a turn of the grain. Throwing leaves the tick to be delivered again after its lease.</summary>
    Task ReceiveReminderAsync(string reminderName, TickStatus status);
}

/// <summary>What a reminder tick knows about its schedule.</summary>
/// <param name="DueAt">When the tick was due, by the store's clock.</param>
/// <param name="Period">The period, or null for a one-shot reminder.</param>
/// <param name="CurrentTime">The store's clock when the tick was claimed.</param>
public sealed record TickStatus(DateTimeOffset DueAt, TimeSpan? Period, DateTimeOffset CurrentTime);
