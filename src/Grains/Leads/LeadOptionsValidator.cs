using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Leads;

/// <summary>Checks <see cref="LeadOptions"/> at start-up and reports every problem at once.</summary>
public sealed class LeadOptionsValidator : IValidateOptions<LeadOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LeadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.ResumeMargin), options.ResumeMargin);
        Positive(failures, nameof(options.DefaultStepTimeout), options.DefaultStepTimeout);
        Positive(failures, nameof(options.TimerHorizon), options.TimerHorizon);
        Positive(failures, nameof(options.SweepInterval), options.SweepInterval);
        if (options.MaxOutputBytes < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(LeadOptions)}.{nameof(options.MaxOutputBytes)} must be positive; it is {options.MaxOutputBytes}."));
        }

        if (options.SweepBatchSize is < 1 or > 10_000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(LeadOptions)}.{nameof(options.SweepBatchSize)} must be between 1 and 10000; it is {options.SweepBatchSize}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(LeadOptions)}.{option} must be positive; it is {value}.");
        }
    }
}
