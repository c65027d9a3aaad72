using System.Globalization;

namespace OrleansFlows.Bench;

/// <summary>Sizes and options of one benchmark run, from the command line.</summary>
internal sealed record BenchSettings
{
    public static readonly string[] AllFigures = ["calls", "latency", "profile", "memory", "activation", "reminders"];

    public bool Quick { get; init; }

    public IReadOnlySet<string> Figures { get; init; } = new HashSet<string>(AllFigures);

    public string? OutputDirectory { get; init; }

    public bool UsePostgres { get; init; } = true;

    /// <summary>Whether the throwaway PostgreSQL server keeps fsync on (durable commits). On by default.</summary>
    public bool PostgresFsync { get; init; } = true;

    /// <summary>Outstanding calls in the throughput figures: 2 × cores × 64.</summary>
    public int Concurrency { get; init; } = 2 * Environment.ProcessorCount * 64;

    public int ManyGrains { get; init; } = 10_000;

    public TimeSpan CallWarmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan CallWindow { get; init; } = TimeSpan.FromSeconds(2);

    public int CallRuns { get; init; } = 5;

    public int LatencyWarmupCalls { get; init; } = 20_000;

    public int LatencySamples { get; init; } = 20_000;

    public int LatencyRuns { get; init; } = 5;

    public TimeSpan ProfileDuration { get; init; } = TimeSpan.FromSeconds(2);

    public int MemoryActivations { get; init; } = 100_000;

    public int ActivationGrains { get; init; } = 2_000;

    public int ActivationRuns { get; init; } = 5;

    public int Reminders { get; init; } = 10_000;

    public int ReminderRuns { get; init; } = 3;

    public TimeSpan ReminderPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public int ReminderClaimBatchSize { get; init; } = 5_000;

    public int ReminderMaxConcurrentDeliveries { get; init; } = 1_024;

    public TimeSpan ReminderLeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    public static BenchSettings Quickly() => new()
    {
        Quick = true,
        ManyGrains = 1_000,
        CallWarmup = TimeSpan.FromMilliseconds(250),
        CallWindow = TimeSpan.FromMilliseconds(250),
        CallRuns = 3,
        LatencyWarmupCalls = 2_000,
        LatencySamples = 2_000,
        ProfileDuration = TimeSpan.FromMilliseconds(400),
        MemoryActivations = 10_000,
        ActivationGrains = 200,
        ActivationRuns = 2,
        Reminders = 1_000,
        ReminderRuns = 1,
    };

    /// <summary>Parses <c>runtime [options]</c>; returns null and writes the usage on a bad command line.</summary>
    public static BenchSettings? Parse(string[] args, TextWriter error)
    {
        if (args.Length == 0 || args[0] != "runtime")
        {
            error.WriteLine(Usage);
            return null;
        }

        var quick = args.Contains("--quick");
        var settings = quick ? Quickly() : new BenchSettings();
        for (var i = 1; i < args.Length; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }

                return args[++i];
            }

            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);

            try
            {
                settings = args[i] switch
                {
                    "--quick" => settings,
                    "--only" => settings with { Figures = ParseFigures(Value()) },
                    "--out" => settings with { OutputDirectory = Value() },
                    "--no-postgres" => settings with { UsePostgres = false },
                    "--pg-fsync" => settings with { PostgresFsync = Value() switch { "on" => true, "off" => false, var v => throw new ArgumentException($"--pg-fsync takes on or off, not '{v}'.") } },
                    "--concurrency" => settings with { Concurrency = Number() },
                    "--reminders" => settings with { Reminders = Number() },
                    "--reminder-poll-ms" => settings with { ReminderPollInterval = TimeSpan.FromMilliseconds(Number()) },
                    "--reminder-batch" => settings with { ReminderClaimBatchSize = Number() },
                    "--reminder-deliveries" => settings with { ReminderMaxConcurrentDeliveries = Number() },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
            {
                error.WriteLine(exception.Message);
                error.WriteLine(Usage);
                return null;
            }
        }

        return settings;
    }

    private static HashSet<string> ParseFigures(string value)
    {
        var figures = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var unknown = figures.Except(AllFigures).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown figure(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", AllFigures)}.");
        }

        return figures;
    }

    public static readonly string Usage = """
        usage: OrleansFlows.Bench runtime [--quick] [--only calls,latency,profile,memory,activation,reminders]
                                          [--no-postgres] [--pg-fsync on|off] [--out DIR] [--concurrency N]
                                          [--reminders N] [--reminder-poll-ms N] [--reminder-batch N] [--reminder-deliveries N]
        """ + "\n" + Flows.FlowSettings.Usage;
}
