using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

namespace OrleansFlows.Grains.Leads;

/// <summary>Checks <see cref="LeadOptions"/> at start-up and reports every problem at once.</summary>
public sealed class LeadOptionsValidator : IValidateOptions<LeadOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LeadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(nameof(LeadOptions));
        failures.Positive(nameof(options.ResumeMargin), options.ResumeMargin);
        failures.Positive(nameof(options.DefaultStepTimeout), options.DefaultStepTimeout);
        failures.Positive(nameof(options.TimerHorizon), options.TimerHorizon);
        failures.Positive(nameof(options.SweepInterval), options.SweepInterval);
        failures.AtLeast(nameof(options.MaxOutputBytes), options.MaxOutputBytes, 1);
        failures.Between(nameof(options.SweepBatchSize), options.SweepBatchSize, 1, 10_000);
        return failures.Result();
    }
}
