namespace OrleansFlows.Runtime.Reminders;

/// <summary>A change to one of a grain's reminders, applied with a state write or on its own.</summary>
public sealed record ReminderChange
{
    private ReminderChange(string name, ReminderChangeKind kind, TimeSpan dueTime, DateTimeOffset? dueAt, TimeSpan? period)
    {
        ReminderNames.Validate(name);
        Name = name;
        Kind = kind;
        DueTime = dueTime;
        DueAt = dueAt;
        Period = period;
    }

    /// <summary>The reminder name, unique per grain.</summary>
    public string Name { get; }

    /// <summary>What the change does.</summary>
    public ReminderChangeKind Kind { get; }

    /// <summary>For a periodic reminder: the delay before the first tick, measured on the store's clock.</summary>
    public TimeSpan DueTime { get; }

    /// <summary>For a one-shot reminder: the instant it is due.</summary>
    public DateTimeOffset? DueAt { get; }

    /// <summary>For a periodic reminder: the period.</summary>
    public TimeSpan? Period { get; }

    /// <summary>Registers or replaces a periodic reminder.</summary>
    public static ReminderChange Periodic(string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return new ReminderChange(name, ReminderChangeKind.Set, dueTime, null, period);
    }

    /// <summary>Registers or replaces a one-shot reminder.</summary>
    public static ReminderChange OneShot(string name, DateTimeOffset dueAt) =>
        new(name, ReminderChangeKind.Set, TimeSpan.Zero, dueAt, null);

    /// <summary>Removes a reminder if it exists.</summary>
    public static ReminderChange Remove(string name) =>
        new(name, ReminderChangeKind.Remove, TimeSpan.Zero, null, null);
}

/// <summary>The kinds of <see cref="ReminderChange"/>.</summary>
public enum ReminderChangeKind
{
    /// <summary>Register or replace the reminder.</summary>
    Set,

    /// <summary>Remove the reminder.</summary>
    Remove,
}
