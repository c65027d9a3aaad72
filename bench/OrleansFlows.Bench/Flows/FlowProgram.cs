using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Bench.Scenarios;

namespace OrleansFlows.Bench.Flows;

/// <summary>Runs <c>leads</c> or <c>fairness</c>, prints a summary and writes the results JSON.</summary>
internal static class FlowProgram
{
    public static async Task<int> RunAsync(string[] args, TextWriter log, TextWriter error)
    {
        var settings = FlowSettings.Parse(args, error);
        if (settings is null)
        {
            return 2;
        }

        var repositoryRoot = RepositoryRoot.Find();
        var stopwatch = Stopwatch.StartNew();
        var report = new FlowReport
        {
            Benchmark = settings.Command,
            StartedAt = DateTimeOffset.UtcNow,
            Quick = settings.Quick,
            Machine = MachineInfo.Collect(repositoryRoot),
            SourceChanges = RepositoryRoot.ChangedFiles(repositoryRoot, "src"),
            Settings = settings,
        };
        log.WriteLine($"OrleansFlows {settings.Command} benchmark{(settings.Quick ? " (quick)" : "")}: {report.Machine.ProcessorCount} cores, {report.Machine.CpuModel}, {report.Machine.Framework}, {report.Machine.Os}");
        if (report.SourceChanges is { Count: > 0 } changes)
        {
            log.WriteLine($"  note: src/ has {changes.Count} uncommitted change(s) on top of {report.Machine.GitCommit}; the figures measure the working tree.");
        }

        await using (var context = new FlowContext(settings, log))
        {
            report.SystemLoad.Add(SystemLoad.Sample(settings.Command));
            log.WriteLine($"Machine: {report.SystemLoad[0]}");
            try
            {
                if (settings.Command == FlowSettings.Leads)
                {
                    report.Leads = await LeadsBenchmark.RunAsync(context);
                }
                else
                {
                    report.Fairness = await FairnessBenchmark.RunAsync(context);
                }
            }
            catch (Exception exception)
            {
                report.Errors.Add(exception.ToString());
                log.WriteLine($"!! {settings.Command} failed: {exception.GetType().Name}: {exception.Message}");
            }

            report.Postgres = context.Postgres?.Info;
            report.PostgresUnavailable = context.PostgresUnavailable;
        }

        report.DurationSeconds = Stats.Round(stopwatch.Elapsed.TotalSeconds);
        var outputDirectory = settings.OutputDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(outputDirectory);
        var fileName = $"{settings.Command}-{report.StartedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}{(settings.Quick ? "-quick" : "")}.json";
        var path = Path.Combine(outputDirectory, fileName);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, json) + "\n");
        FlowSummary.Write(report, log);
        log.WriteLine($"Done in {report.DurationSeconds:N1} s; results: {path}");
        if (report.Errors.Count > 0)
        {
            log.WriteLine("The run failed; see \"errors\" in the results.");
            return 1;
        }

        return 0;
    }
}

/// <summary>Everything a <c>leads</c> or <c>fairness</c> run measured, written as JSON under bench/results/.</summary>
internal sealed class FlowReport
{
    public required string Benchmark { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; set; }

    public required bool Quick { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>Uncommitted changes under src/ when the run started (the figures measure the working tree).</summary>
    public IReadOnlyList<string>? SourceChanges { get; init; }

    public required FlowSettings Settings { get; init; }

    public PostgresInfo? Postgres { get; set; }

    public string? PostgresUnavailable { get; set; }

    public List<LeadsFigure>? Leads { get; set; }

    public List<FairnessFigure>? Fairness { get; set; }

    /// <summary>Machine load (other processes included) when the run and each round started.</summary>
    public List<SystemLoad> SystemLoad { get; } = [];

    public List<string> Errors { get; } = [];
}
