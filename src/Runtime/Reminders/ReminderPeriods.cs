using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Reminders;

internal static class ReminderPeriods
{
    public static void Validate(GrainId grainId, ReminderChange change, ReminderOptions options)
    {
        if (change.Period is { } period && period < options.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(
                nameof(change),
                period,
                $"Reminder '{change.Name}' of {grainId} has period {period:c}; the minimum is {options.MinimumPeriod:c} ({nameof(ReminderOptions)}.{nameof(ReminderOptions.MinimumPeriod)}).");
        }
    }
}
