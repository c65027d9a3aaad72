using OrleansFlows.Bench.Harness;

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
    public static QueueLeadsSettings? Parse(string[] args, TextWriter error) =>
        BenchOptions.Parse(args, 0, Defaults(args.Contains("--quick")), Usage, error, (options, settings) => options.Name switch
        {
            "--quick" => settings,
            "--stores" => settings with { Stores = options.List("sqlite", "postgres") },
            "--loops" => settings with { Loops = options.List(Prefilled, Steady) },
            // The product accepts a prefetch of 1 to 1,000 (the trigger's validation).
            "--prefetch" => settings with { Prefetches = options.NumberList(1, 1000) },
            "--messages" => settings with { Messages = options.Count() },
            "--runs" => settings with { Runs = options.Count() },
            "--warmup" => settings with { WarmupMessages = options.Count() },
            "--rate" => settings with { Rate = options.Positive() },
            "--duration" => settings with { DurationSeconds = options.Positive() },
            "--concurrency" => settings with { Concurrency = options.Count() },
            "--completion-timeout" => settings with { CompletionTimeoutSeconds = options.Positive() },
            "--pg-fsync" => settings with { PostgresFsync = options.OnOff() },
            "--product-env" => settings with { ProductEnvironment = options.Assignment(settings.ProductEnvironment) },
            "--out" => settings with { OutputDirectory = options.Value() },
            _ => throw options.Unknown(),
        });

    private static QueueLeadsSettings Defaults(bool quick) => quick
        ? new QueueLeadsSettings { Quick = true, Messages = 2_000, WarmupMessages = 500, Rate = 50, DurationSeconds = 5, CompletionTimeoutSeconds = 300 }
        : new QueueLeadsSettings();
}
