namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// The documented limits of a workflow definition. They are part of the tenant-facing contract
/// (see <c>docs/workflow-definition.schema.json</c>): raise them only compatibly, never lower them.
/// </summary>
public static class WorkflowLimits
{
    /// <summary>The largest definition accepted, in UTF-8 bytes: 256 KiB.</summary>
    public const int MaxDefinitionBytes = 256 * 1024;

    /// <summary>The most steps a definition may hold, nested steps included.</summary>
    public const int MaxSteps = 200;

    /// <summary>The deepest nesting of steps: top-level steps are at depth 1.</summary>
    public const int MaxNestingDepth = 8;

    /// <summary>The longest step id, in characters.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest <c>notify</c> text template, in characters.</summary>
    public const int MaxNotifyTextLength = 4000;

    /// <summary>The fewest attempts a retry policy may allow (1 means no retry).</summary>
    public const int MinAttempts = 1;

    /// <summary>The most attempts a retry policy may allow.</summary>
    public const int MaxAttempts = 20;

    /// <summary>The smallest backoff factor (1 keeps the delay constant).</summary>
    public const double MinBackoffFactor = 1;

    /// <summary>The largest backoff factor.</summary>
    public const double MaxBackoffFactor = 10;

    /// <summary>The smallest jitter (0: no jitter).</summary>
    public const double MinJitter = 0;

    /// <summary>The largest jitter (1: a delay varies from zero to twice its nominal value).</summary>
    public const double MaxJitter = 1;

    /// <summary>The lowest HTTP status that may be listed as retryable.</summary>
    public const int MinRetryStatus = 400;

    /// <summary>The highest HTTP status that may be listed as retryable.</summary>
    public const int MaxRetryStatus = 599;

    /// <summary>The shortest <c>http</c> step timeout.</summary>
    public static readonly TimeSpan MinHttpTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>http</c> step timeout.</summary>
    public static readonly TimeSpan MaxHttpTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The timeout of an <c>http</c> step that does not set one.</summary>
    public static readonly TimeSpan DefaultHttpTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The shortest initial retry delay.</summary>
    public static readonly TimeSpan MinInitialDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest initial retry delay.</summary>
    public static readonly TimeSpan MaxInitialDelay = TimeSpan.FromHours(1);

    /// <summary>The longest delay between two attempts, whatever the backoff computes.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>The shortest <c>wait</c> step.</summary>
    public static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>wait</c> step: 30 days.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);
}
