using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// What every benchmark command's report holds besides its own figures: when and where it ran, with which settings,
/// the store, the machine's load and what went wrong. It is written as JSON under bench/results/ (or the --out folder).
/// </summary>
internal abstract class BenchReport<TSettings>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    protected BenchReport(string benchmark, TSettings settings, bool quick, string repositoryRoot)
    {
        Benchmark = benchmark;
        Settings = settings;
        Quick = quick;
        Machine = MachineInfo.Collect(repositoryRoot);
        SourceChanges = RepositoryRoot.ChangedFiles(repositoryRoot, "src");
    }

    public string Benchmark { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public double DurationSeconds { get; private set; }

    public bool Quick { get; }

    public MachineInfo Machine { get; }

    /// <summary>Uncommitted changes under src/ when the run started (the figures measure the working tree).</summary>
    public IReadOnlyList<string>? SourceChanges { get; }

    public TSettings Settings { get; }

    public PostgresInfo? Postgres { get; set; }

    public string? PostgresUnavailable { get; set; }

    /// <summary>Machine load (other processes included) when the benchmark started, at its rounds, and when it ended.</summary>
    public List<SystemLoad> SystemLoad { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Takes the run's duration and writes the report as <c>{benchmark}-{start}[-quick].json</c>; returns its path.</summary>
    public async Task<string> WriteAsync(string? outputDirectory, string repositoryRoot)
    {
        DurationSeconds = Stats.Round(_stopwatch.Elapsed.TotalSeconds);
        var folder = outputDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Benchmark}-{StartedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}{(Quick ? "-quick" : "")}.json");
        // Serialized as its own type, so the derived report's figures are written too.
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, GetType(), Json) + "\n");
        return path;
    }
}
