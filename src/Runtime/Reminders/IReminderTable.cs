using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Reminders;

/// <summary>
/// Durable reminders, judged by the store's clock. A due reminder is leased to one claimer; if the claimer dies,
/// the lease runs out and another claims it, so each tick is delivered at least once.
/// </summary>
public interface IReminderTable
{
    /// <summary>Applies one change to a grain's reminders.</summary>
    Task ApplyAsync(GrainId grainId, ReminderChange change, CancellationToken cancellationToken);

    /// <summary>Reads a grain's reminders.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="maxCount"/> due reminders to <paramref name="owner"/>, earliest first.</summary>
    Task<IReadOnlyList<ClaimedReminder>> ClaimDueAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records delivered ticks in one transaction: a periodic reminder moves to its next due time after its claim (missed
    /// ticks fire once, not once per period); a one-shot reminder is removed. A reminder changed since its claim is left as it is.
    /// </summary>
    Task CompleteAsync(IReadOnlyList<ClaimedReminder> delivered, CancellationToken cancellationToken);
}
