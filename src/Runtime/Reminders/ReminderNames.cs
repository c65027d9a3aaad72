namespace OrleansFlows.Runtime.Reminders;

internal static class ReminderNames
{
    public const int MaxLength = 128;

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxLength || name.Any(char.IsControl))
        {
            throw new ArgumentException($"Reminder name '{name}' must be 1 to {MaxLength} characters long, with no control characters.", nameof(name));
        }
    }
}
