using System.Globalization;
using OrleansFlows.Contracts.Retention;

namespace OrleansFlows.Grains.Retention;

/// <summary>Pure validation of requested retention settings; every problem is reported at once, by field.</summary>
public static class RetentionRules
{
    /// <summary>Days a completed lead is kept when the tenant set nothing.</summary>
    public const int DefaultCompletedLeadDays = 90;

    /// <summary>Days a failed lead is kept when the tenant set nothing.</summary>
    public const int DefaultFailedLeadDays = 180;

    /// <summary>The longest period accepted: ten years.</summary>
    public const int MaxDays = 3_650;

    /// <summary>The problems of <paramref name="settings"/> by field; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(RetentionSettings? settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (settings is null)
        {
            errors["settings"] = ["A body with 'completedLeadDays', 'failedLeadDays' and 'recordDays' is required; a null field takes its default."];
            return errors;
        }

        Check(errors, "completedLeadDays", settings.CompletedLeadDays);
        Check(errors, "failedLeadDays", settings.FailedLeadDays);
        Check(errors, "recordDays", settings.RecordDays);
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, int? days)
    {
        if (days is { } value && (value < 1 || value > MaxDays))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"'{field}' must be a whole number of days between 1 and {MaxDays}; it is {value}.")];
        }
    }
}
