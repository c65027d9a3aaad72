using System.Globalization;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>Sizes and options of a <c>queue-leads</c> run, from the command line.</summary>
internal sealed record QueueLeadsSettings
{
    public const string Command = "queue-leads";

    /// <summary>The queue holds every message of the run before the consumer starts.</summary>
    public const string Prefilled = "prefilled";

    /// <summary>Messages are published at a fixed rate to a queue the consumer already consumes.</summary>
    public const string Steady = "steady";

    public const string Usage = """
        usage: OrleansFlows.Bench queue-leads [--quick] [--stores sqlite,postgres] [--loops prefilled,steady] [--prefetch 20,100]
                                              [--messages N] [--runs N] [--warmup N] [--rate N] [--duration S]
                                              [--concurrency N] [--completion-timeout S] [--pg-fsync on|off]
                                              [--product-env NAME=VALUE]... [--out DIR]
               (build first: dotnet build -c Release src/Api && dotnet build -c Release bench/OrleansFlows.Bench)
        """;

    public bool Quick { get; init; }

    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgres"];

    public IReadOnlyList<string> Loops { get; init; } = [Prefilled, Steady];

    /// <summary>The trigger's prefetch; every value is measured in turn on the same product.</summary>
    public IReadOnlyList<int> Prefetches { get; init; } = [20, 100];

    /// <summary>Messages in the queue before each pre-filled run.</summary>
    public int Messages { get; init; } = 20_000;

    /// <summary>Pre-filled runs per store and prefetch; the figure is their median.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Messages of the pre-filled warm-up on each fresh product (JIT, connection pools, activations).</summary>
    public int WarmupMessages { get; init; } = 2_000;

    /// <summary>Messages a second of the steady loop.</summary>
    public double Rate { get; init; } = 100;

    public double DurationSeconds { get; init; } = 20;

    /// <summary>The tenant's plan <c>concurrentOutboundCalls</c>: the executor's default <c>MaxConcurrentSteps</c>, as api-leads' one tenant.</summary>
    public int Concurrency { get; init; } = 256;

    public double CompletionTimeoutSeconds { get; init; } = 900;

    public bool PostgresFsync { get; init; } = true;

    /// <summary>More environment variables for the product (an experiment).</summary>
    public IReadOnlyDictionary<string, string> ProductEnvironment { get; init; } = new Dictionary<string, string>();

    public string? OutputDirectory { get; init; }

    /// <summary>Parses the options after <c>queue-leads</c>; returns null and writes what was wrong and the usage on a bad command line.</summary>
    public static QueueLeadsSettings? Parse(string[] args, TextWriter error)
    {
        var settings = args.Contains("--quick")
            ? new QueueLeadsSettings { Quick = true, Messages = 2_000, WarmupMessages = 500, Rate = 50, DurationSeconds = 5, CompletionTimeoutSeconds = 300 }
            : new QueueLeadsSettings();
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }

                return args[++i];
            }

            int Count()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new ArgumentException($"{args[i - 1]} must be a whole number of at least 1, not '{text}'.");
            }

            double Positive()
            {
                var text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new ArgumentException($"{args[i - 1]} must be a number above 0, not '{text}'.");
            }

            try
            {
                settings = args[i] switch
                {
                    "--quick" => settings,
                    "--stores" => settings with { Stores = List("--stores", Value(), ["sqlite", "postgres"]) },
                    "--loops" => settings with { Loops = List("--loops", Value(), [Prefilled, Steady]) },
                    "--prefetch" => settings with { Prefetches = PrefetchList(Value()) },
                    "--messages" => settings with { Messages = Count() },
                    "--runs" => settings with { Runs = Count() },
                    "--warmup" => settings with { WarmupMessages = Count() },
                    "--rate" => settings with { Rate = Positive() },
                    "--duration" => settings with { DurationSeconds = Positive() },
                    "--concurrency" => settings with { Concurrency = Count() },
                    "--completion-timeout" => settings with { CompletionTimeoutSeconds = Positive() },
                    "--pg-fsync" => settings with { PostgresFsync = OnOff(Value()) },
                    "--product-env" => AddEnvironment(settings, environment, Value()),
                    "--out" => settings with { OutputDirectory = Value() },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            catch (ArgumentException exception)
            {
                error.WriteLine(exception.Message);
                error.WriteLine(Usage);
                return null;
            }
        }

        return settings;
    }

    private static QueueLeadsSettings AddEnvironment(QueueLeadsSettings settings, Dictionary<string, string> environment, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--product-env takes NAME=VALUE, not '{assignment}'.");
        }

        environment[assignment[..equals]] = assignment[(equals + 1)..];
        return settings with { ProductEnvironment = environment };
    }

    private static bool OnOff(string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"--pg-fsync takes on or off, not '{value}'."),
    };

    // The product accepts a prefetch of 1 to 1,000 (the trigger's validation).
    private static int[] PrefetchList(string value)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var prefetches = items
            .Select(item => int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var prefetch) && prefetch is >= 1 and <= 1000 ? prefetch : 0)
            .Distinct()
            .ToArray();
        return items.Length == 0 || prefetches.Contains(0)
            ? throw new ArgumentException($"--prefetch takes whole numbers from 1 to 1000 (comma-separated), not '{value}'.")
            : prefetches;
    }

    private static string[] List(string option, string value, string[] allowed)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        var unknown = items.Except(allowed).ToArray();
        if (items.Length == 0 || unknown.Length > 0)
        {
            throw new ArgumentException($"{option} takes {string.Join(" and/or ", allowed)} (comma-separated), not '{value}'.");
        }

        return items;
    }
}
