using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Configuration;

/// <summary>
/// Collects what is wrong with one options type at start-up, so its validator reports every problem at once. Each
/// failure names the option as <c>{Type}.{Option}</c> and quotes the value it has.
/// </summary>
internal sealed class OptionsFailures(string optionsName)
{
    private readonly List<string> _failures = [];

    /// <summary>The value must lie in <paramref name="min"/> to <paramref name="max"/>.</summary>
    public void Between(string option, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{optionsName}.{option} must be between {min} and {max}; it is {value}."));
        }
    }

    /// <summary>The value must be at least <paramref name="min"/>.</summary>
    public void AtLeast(string option, long value, long min)
    {
        if (value < min)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{optionsName}.{option} must be at least {min}; it is {value}."));
        }
    }

    /// <summary>The time must be greater than zero.</summary>
    public void Positive(string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add($"{optionsName}.{option} must be greater than zero; it is {value}.");
        }
    }

    /// <summary>The time must be greater than zero and at most <paramref name="max"/>.</summary>
    public void Positive(string option, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            Add($"{optionsName}.{option} must be greater than zero and at most {max}; it is {value}.");
        }
    }

    /// <summary>The time may be zero but not negative.</summary>
    public void NotNegative(string option, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            Add($"{optionsName}.{option} must not be negative; it is {value}.");
        }
    }

    /// <summary>A failure the checks above don't express, written whole.</summary>
    public void Add(string failure) => _failures.Add(failure);

    public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
