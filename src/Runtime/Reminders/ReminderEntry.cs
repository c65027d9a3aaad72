using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Reminders;

/// <summary>A stored reminder.</summary>
/// <param name="GrainId">The grain that owns it.</param>
/// <param name="Name">Its name, unique per grain.</param>
/// <param name="DueAt">When the next tick is due, by the store's clock.</param>
/// <param name="Period">The period, or null for a one-shot reminder.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset DueAt, TimeSpan? Period);
