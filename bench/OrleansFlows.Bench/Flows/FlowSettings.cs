using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.Flows;

/// <summary>Sizes and options of a <c>leads</c> or <c>fairness</c> run, from the command line.</summary>
internal sealed record FlowSettings
{
    public const string Leads = "leads";

    public const string Fairness = "fairness";

    public static readonly string[] Commands = [Leads, Fairness];

    public required string Command { get; init; }

    public bool Quick { get; init; }

    public string? OutputDirectory { get; init; }

    /// <summary>The stores to measure on, in order.</summary>
    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgres"];

    public bool UsePostgres { get; init; } = true;

    /// <summary>Whether the throwaway PostgreSQL server keeps fsync on (durable commits). On by default.</summary>
    public bool PostgresFsync { get; init; } = true;

    /// <summary>Sets <c>synchronous_commit</c> on the benchmark's database (an experiment: <c>off</c> takes the WAL flush out of each commit).</summary>
    public string? PostgresSynchronousCommit { get; init; }

    /// <summary>Npgsql's <c>Max Auto Prepare</c> for the silo's connections (an experiment: server-side prepared statements); null keeps it off.</summary>
    public int? PostgresAutoPrepare { get; init; }

    // leads

    /// <summary>Leads per measured run.</summary>
    public int LeadCount { get; init; } = 20_000;

    public int WarmupLeads { get; init; } = 2_000;

    public int Runs { get; init; } = 3;

    /// <summary>Leads submitted but not yet completed, at most (closed loop: a submitter waits for its lead before the next).</summary>
    public int InFlight { get; init; } = 512;

    /// <summary>Leads run one at a time for the unloaded latency figure.</summary>
    public int SerialLeads { get; init; } = 200;

    /// <summary>Tenants the leads are spread over (round robin), each with its own connections and workflow.</summary>
    public int Tenants { get; init; } = 1;

    /// <summary>The tenants' plan <c>concurrentOutboundCalls</c> (and the executor's default per tenant); null keeps the defaults.</summary>
    public int? TenantConcurrency { get; init; }

    /// <summary><c>OrleansFlows:Steps:MaxConcurrentSteps</c>; null keeps the default.</summary>
    public int? MaxConcurrentSteps { get; init; }

    // fairness

    /// <summary>Tenant A's leads per phase.</summary>
    public int FloodLeads { get; init; } = 20_000;

    /// <summary>Tenant A's enrichment delay per call.</summary>
    public TimeSpan FloodDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Tenant B's leads, one at a time, in each of the idle and the loaded phase.</summary>
    public int ProbeLeads { get; init; } = 5;

    /// <summary>Outstanding submissions while tenant A floods.</summary>
    public int SubmitConcurrency { get; init; } = 64;

    public static FlowSettings Defaults(string command, bool quick)
    {
        var settings = new FlowSettings { Command = command, Quick = quick };
        if (command == Fairness)
        {
            settings = settings with { Stores = ["postgres"] };
        }

        return quick
            ? settings with { LeadCount = 1_000, WarmupLeads = 300, SerialLeads = 30, FloodLeads = 2_000, ProbeLeads = 3 }
            : settings;
    }

    /// <summary>Parses <c>leads|fairness [options]</c>; returns null and writes the usage on a bad command line.</summary>
    public static FlowSettings? Parse(string[] args, TextWriter error)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            error.WriteLine(Usage);
            return null;
        }

        return BenchOptions.Parse(args, 1, Defaults(args[0], args.Contains("--quick")), Usage, error, (options, settings) => options.Name switch
        {
            "--quick" => settings,
            "--out" => settings with { OutputDirectory = options.Value() },
            "--stores" => settings with { Stores = options.List("sqlite", "postgres") },
            "--no-postgres" => settings with { UsePostgres = false },
            "--pg-fsync" => settings with { PostgresFsync = options.OnOff() },
            "--pg-synchronous-commit" => settings with { PostgresSynchronousCommit = options.OnOff() ? "on" : "off" },
            "--pg-auto-prepare" => settings with { PostgresAutoPrepare = options.Count() },
            "--leads" => WithLeads(settings, options.Count()),
            "--warmup" => settings with { WarmupLeads = options.Count() },
            "--runs" => settings with { Runs = options.Count() },
            "--in-flight" => settings with { InFlight = options.Count() },
            "--serial" => settings with { SerialLeads = options.Count() },
            "--tenants" => settings with { Tenants = options.Count() },
            "--tenant-concurrency" => settings with { TenantConcurrency = options.Count() },
            "--max-steps" => settings with { MaxConcurrentSteps = options.Count() },
            "--delay-ms" => settings with { FloodDelay = TimeSpan.FromMilliseconds(options.Count()) },
            "--probes" => settings with { ProbeLeads = options.Count() },
            "--submit-concurrency" => settings with { SubmitConcurrency = options.Count() },
            _ => throw options.Unknown(),
        });
    }

    private static FlowSettings WithLeads(FlowSettings settings, int leads) => settings with { LeadCount = leads, FloodLeads = leads };

    public const string Usage = """
               OrleansFlows.Bench leads [--quick] [--stores sqlite,postgres] [--leads N] [--runs N] [--warmup N] [--in-flight N]
                                        [--serial N] [--tenants N] [--tenant-concurrency N] [--max-steps N]
                                        [--no-postgres] [--pg-fsync on|off] [--pg-synchronous-commit on|off] [--pg-auto-prepare N]
                                        [--out DIR]
               OrleansFlows.Bench fairness [--quick] [--stores postgres|sqlite] [--leads N] [--delay-ms N] [--probes N]
                                           [--submit-concurrency N] [--no-postgres] [--pg-fsync on|off] [--out DIR]
        """;
}
