using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Persistence;

/// <summary>
/// What a grain writes atomically with its state: changes to its own reminders and rows for projection tables.
/// A crash then never leaves a state without its reminder, or a list view that disagrees with the grain.
/// </summary>
public sealed class StateWriteBatch
{
    private readonly List<ReminderChange> _reminders = [];
    private readonly List<ProjectionWrite> _projections = [];

    /// <summary>The reminder changes, in order.</summary>
    public IReadOnlyList<ReminderChange> Reminders => _reminders;

    /// <summary>The projection statements, in order.</summary>
    public IReadOnlyList<ProjectionWrite> Projections => _projections;

    /// <summary>Registers or replaces a periodic reminder of this grain.</summary>
    public StateWriteBatch SetPeriodicReminder(string name, TimeSpan dueTime, TimeSpan period)
    {
        _reminders.Add(ReminderChange.Periodic(name, dueTime, period));
        return this;
    }

    /// <summary>Registers or replaces a one-shot reminder of this grain, due at an instant.</summary>
    public StateWriteBatch SetOneShotReminder(string name, DateTimeOffset dueAt)
    {
        _reminders.Add(ReminderChange.OneShot(name, dueAt));
        return this;
    }

    /// <summary>Removes a reminder of this grain, if it exists.</summary>
    public StateWriteBatch RemoveReminder(string name)
    {
        _reminders.Add(ReminderChange.Remove(name));
        return this;
    }

    /// <summary>Adds a projection statement. Its SQL must run on both providers (for example <c>INSERT … ON CONFLICT</c>).</summary>
    public StateWriteBatch Project(ProjectionWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        _projections.Add(write);
        return this;
    }
}
