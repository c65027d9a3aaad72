using Microsoft.Extensions.Configuration;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Whether the Orleans Dashboard runs (<c>OrleansFlows:Dashboard:Enabled</c>). Its grains and call profiler run on
/// the silos, and its pages on an API, so in a cluster the setting goes on the silos and on the APIs that serve it.
/// </summary>
public static class DashboardSettings
{
    /// <summary>The configuration key of the setting.</summary>
    public const string EnabledKey = "OrleansFlows:Dashboard:Enabled";

    /// <summary>The setting, or <paramref name="byDefault"/> when it is not set.</summary>
    /// <exception cref="InvalidOperationException">The setting is not <c>true</c> or <c>false</c>.</exception>
    public static bool IsEnabled(IConfiguration configuration, bool byDefault)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[EnabledKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return byDefault;
        }

        return bool.TryParse(text, out var enabled)
            ? enabled
            : throw new InvalidOperationException($"{EnabledKey} must be true or false; '{text}' is not.");
    }
}
