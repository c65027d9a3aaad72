using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>Sizes and options of an <c>api-leads</c> run, from the command line.</summary>
internal sealed record ApiLeadsSettings
{
    public const string Command = "api-leads";

    /// <summary>One tenant whose plan lets it run <see cref="OneTenantConcurrency"/> step attempts at once.</summary>
    public const string OneTenant = "one-tenant";

    /// <summary><see cref="Tenants"/> tenants with the default plan's concurrency cap.</summary>
    public const string ManyTenants = "many-tenants";

    public const string Usage = """
        usage: OrleansFlows.Bench api-leads [--quick] [--stores sqlite,postgres] [--shapes one-tenant,many-tenants] [--loops closed,open]
                                            [--leads N] [--in-flight N] [--rate N] [--duration S] [--warmup N] [--connections N]
                                            [--tenants N] [--one-tenant-concurrency N] [--completion-timeout S]
                                            [--pg-fsync on|off] [--product-env NAME=VALUE]... [--out DIR]
               (build first: dotnet build -c Release src/Api && dotnet build -c Release bench/OrleansFlows.Bench)
        """;

    public bool Quick { get; init; }

    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgres"];

    public IReadOnlyList<string> Shapes { get; init; } = [OneTenant, ManyTenants];

    public IReadOnlyList<string> Loops { get; init; } = [LoadPlan.Closed, LoadPlan.Open];

    /// <summary>Leads of the closed loop.</summary>
    public int Leads { get; init; } = 5_000;

    /// <summary>Leads sent and not yet completed, at most, in the closed loop.</summary>
    public int InFlight { get; init; } = 64;

    /// <summary>Webhooks a second offered by the open loop (the bar is 1,000 completed/s; half of it is the latency point).</summary>
    public double Rate { get; init; } = 500;

    public double DurationSeconds { get; init; } = 10;

    /// <summary>Leads of the closed-loop warm-up on each fresh product (JIT, connection pools, activations).</summary>
    public int WarmupLeads { get; init; } = 1_000;

    /// <summary>The load generator's keep-alive connections to the product, at most.</summary>
    public int Connections { get; init; } = 64;

    /// <summary>Tenants of the many-tenants shape.</summary>
    public int Tenants { get; init; } = 16;

    /// <summary>The one tenant's plan <c>concurrentOutboundCalls</c>: the executor's default <c>MaxConcurrentSteps</c>, so the plan is not the limit.</summary>
    public int OneTenantConcurrency { get; init; } = 256;

    public double CompletionTimeoutSeconds { get; init; } = 300;

    public bool PostgresFsync { get; init; } = true;

    /// <summary>More environment variables for the product (an experiment, such as <c>OrleansFlows__Steps__MaxConcurrentSteps=512</c>).</summary>
    public IReadOnlyDictionary<string, string> ProductEnvironment { get; init; } = new Dictionary<string, string>();

    public string? OutputDirectory { get; init; }

    /// <summary>Parses the options after <c>api-leads</c>; returns null and writes what was wrong and the usage on a bad command line.</summary>
    public static ApiLeadsSettings? Parse(string[] args, TextWriter error) =>
        BenchOptions.Parse(args, 0, Defaults(args.Contains("--quick")), Usage, error, (options, settings) => options.Name switch
        {
            "--quick" => settings,
            "--stores" => settings with { Stores = options.List("sqlite", "postgres") },
            "--shapes" => settings with { Shapes = options.List(OneTenant, ManyTenants) },
            "--loops" => settings with { Loops = options.List(LoadPlan.Closed, LoadPlan.Open) },
            "--leads" => settings with { Leads = options.Count() },
            "--in-flight" => settings with { InFlight = options.Count() },
            "--rate" => settings with { Rate = options.Positive() },
            "--duration" => settings with { DurationSeconds = options.Positive() },
            "--warmup" => settings with { WarmupLeads = options.Count() },
            "--connections" => settings with { Connections = options.Count() },
            "--tenants" => settings with { Tenants = options.Count() },
            "--one-tenant-concurrency" => settings with { OneTenantConcurrency = options.Count() },
            "--completion-timeout" => settings with { CompletionTimeoutSeconds = options.Positive() },
            "--pg-fsync" => settings with { PostgresFsync = options.OnOff() },
            "--product-env" => settings with { ProductEnvironment = options.Assignment(settings.ProductEnvironment) },
            "--out" => settings with { OutputDirectory = options.Value() },
            _ => throw options.Unknown(),
        });

    private static ApiLeadsSettings Defaults(bool quick) => quick
        ? new ApiLeadsSettings { Quick = true, Leads = 500, InFlight = 32, Rate = 100, DurationSeconds = 5, WarmupLeads = 200, CompletionTimeoutSeconds = 120 }
        : new ApiLeadsSettings();
}
