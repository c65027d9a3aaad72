using Microsoft.Extensions.Options;

namespace OrleansFlows.Silo.Hosting;

/// <summary>Checks <see cref="TelemetryOptions"/> at start-up.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.PrometheusPath;
        if (!string.IsNullOrEmpty(path) && (!path.StartsWith('/') || path.Length < 2 || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#')))
        {
            return ValidateOptionsResult.Fail(
                $"{TelemetryOptions.Section}:{nameof(TelemetryOptions.PrometheusPath)} must be empty (off) or a path such as /metrics, starting with '/' and without spaces, '?' or '#'; it is '{path}'.");
        }

        return ValidateOptionsResult.Success;
    }
}
