namespace OrleansFlows.Runtime.Reminders;

/// <summary>A due reminder leased to one silo for delivery.</summary>
/// <param name="Entry">The reminder as claimed.</param>
/// <param name="Version">Its stored version; completion applies only if no one changed it since.</param>
/// <param name="ClaimedAt">The store's clock at the claim.</param>
public sealed record ClaimedReminder(ReminderEntry Entry, long Version, DateTimeOffset ClaimedAt);
