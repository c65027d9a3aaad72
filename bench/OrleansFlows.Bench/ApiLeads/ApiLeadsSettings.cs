using System.Globalization;

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

    /// <summary>Webhooks a second offered by the open loop (the issue's bar is 1,000 completed/s; half of it is the latency point).</summary>
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
    public static ApiLeadsSettings? Parse(string[] args, TextWriter error)
    {
        var settings = args.Contains("--quick")
            ? new ApiLeadsSettings { Quick = true, Leads = 500, InFlight = 32, Rate = 100, DurationSeconds = 5, WarmupLeads = 200, CompletionTimeoutSeconds = 120 }
            : new ApiLeadsSettings();
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
                    "--shapes" => settings with { Shapes = List("--shapes", Value(), [OneTenant, ManyTenants]) },
                    "--loops" => settings with { Loops = List("--loops", Value(), [LoadPlan.Closed, LoadPlan.Open]) },
                    "--leads" => settings with { Leads = Count() },
                    "--in-flight" => settings with { InFlight = Count() },
                    "--rate" => settings with { Rate = Positive() },
                    "--duration" => settings with { DurationSeconds = Positive() },
                    "--warmup" => settings with { WarmupLeads = Count() },
                    "--connections" => settings with { Connections = Count() },
                    "--tenants" => settings with { Tenants = Count() },
                    "--one-tenant-concurrency" => settings with { OneTenantConcurrency = Count() },
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

    private static ApiLeadsSettings AddEnvironment(ApiLeadsSettings settings, Dictionary<string, string> environment, string assignment)
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
