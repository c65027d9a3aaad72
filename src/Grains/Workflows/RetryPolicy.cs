using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>When and how often an <c>http</c> step's failed attempt is retried.</summary>
/// <param name="MaxAttempts">Attempts in total, the first included: 1 to 20; default 3.</param>
/// <param name="InitialDelay">The delay before the second attempt: 100ms to 1h; default 1s.</param>
/// <param name="BackoffFactor">Each later delay is the previous one times this: 1 to 10; default 2.</param>
/// <param name="Jitter">Each delay varies randomly by up to this fraction, either way: 0 to 1; default 0.2.</param>
/// <param name="RetryOn">The HTTP statuses (400 to 599) that count as retryable; default 408, 429, 500, 502, 503, 504.</param>
public sealed record RetryPolicy(
    [property: JsonPropertyName("maxAttempts")] int MaxAttempts,
    [property: JsonPropertyName("initialDelay"), JsonConverter(typeof(DurationJsonConverter))] TimeSpan InitialDelay,
    [property: JsonPropertyName("backoffFactor")] double BackoffFactor,
    [property: JsonPropertyName("jitter")] double Jitter,
    [property: JsonPropertyName("retryOn")] IReadOnlyList<int> RetryOn)
{
    /// <summary>The default of <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>The default of <see cref="BackoffFactor"/>.</summary>
    public const double DefaultBackoffFactor = 2.0;

    /// <summary>The default of <see cref="Jitter"/>.</summary>
    public const double DefaultJitter = 0.2;

    /// <summary>The default of <see cref="InitialDelay"/>.</summary>
    public static readonly TimeSpan DefaultInitialDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default of <see cref="RetryOn"/>: timeouts, throttling and transient server errors.</summary>
    public static IReadOnlyList<int> DefaultRetryOn { get; } = [408, 429, 500, 502, 503, 504];

    /// <summary>The policy of an <c>http</c> step that sets no <c>retry</c>.</summary>
    public static RetryPolicy Default { get; } =
        new(DefaultMaxAttempts, DefaultInitialDelay, DefaultBackoffFactor, DefaultJitter, DefaultRetryOn);

    /// <summary>Whether a response with this status is retried (attempts permitting).</summary>
    public bool IsRetryable(int status) => RetryOn.Contains(status);

    /// <summary>
    /// The delay before <paramref name="attempt"/>: <c>InitialDelay × BackoffFactor^(attempt − 2)</c>, capped at
    /// <see cref="WorkflowLimits.MaxRetryDelay"/>, then varied by <c>±Jitter</c>, and capped again.
    /// </summary>
    /// <remarks>
    /// The cap applies before the jitter as well as after it, so that delays at the cap still spread out
    /// instead of all firing together. Pure: the caller supplies the random number.
    /// </remarks>
    /// <param name="attempt">The attempt about to be made: 2 for the first retry.</param>
    /// <param name="random01">A uniform random number in [0, 1]; 0.5 gives the nominal delay.</param>
    public TimeSpan DelayBeforeAttempt(int attempt, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        if (!(random01 >= 0 && random01 <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(random01), random01, "The random number must be in [0, 1].");
        }

        var capTicks = (double)WorkflowLimits.MaxRetryDelay.Ticks;
        var nominalTicks = Math.Min(InitialDelay.Ticks * Math.Pow(BackoffFactor, attempt - 2), capTicks);
        var jitteredTicks = nominalTicks * (1 + (Jitter * ((2 * random01) - 1)));
        return TimeSpan.FromTicks((long)Math.Round(Math.Clamp(jitteredTicks, 0, capTicks)));
    }
}
