using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// A light tenant's expression latency while a heavy tenant floods the evaluator with expressions that run to their
/// statement limit: idle, then under the flood with the shipped settings (a tenant holds at most half the workers),
/// then under the flood with a tenant allowed every worker (round robin between tenant queues only). Only light calls
/// made while part of the flood is still waiting count.
/// </summary>
/// <remarks>Usage: <c>expressions [--flood N] [--samples N] [--out DIR]</c>.</remarks>
internal static class ExpressionsBenchmark
{
    public const string Usage = "usage: OrleansFlows.Bench expressions [--flood N] [--samples N] [--out DIR]";

    private const string Heavy = "(function () { var i = 0; while (true) { i++ } })()";
    private const string Light = "input.email.toLowerCase() + ':' + (steps.enrich.score > 50 ? 'hot' : 'cold')";
    private static readonly TenantId HeavyTenant = TenantId.Parse("bench-heavy");
    private static readonly TenantId LightTenant = TenantId.Parse("bench-light");

    private static readonly ExpressionScope Scope = new(
        JsonNode.Parse("""{"email":"Someone@Example.com"}"""),
        new JsonObject { ["enrich"] = new JsonObject { ["score"] = 72 } },
        new JsonObject());

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        int flood;
        int samples;
        string? outputDirectory;
        try
        {
            flood = int.Parse(Option(args, "--flood") ?? "300", NumberStyles.None, CultureInfo.InvariantCulture);
            samples = int.Parse(Option(args, "--samples") ?? "50", NumberStyles.None, CultureInfo.InvariantCulture);
            outputDirectory = Option(args, "--out");
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            log.WriteLine(exception.Message);
            log.WriteLine(Usage);
            return 2;
        }

        var repositoryRoot = RepositoryRoot.Find();
        var machine = MachineInfo.Collect(repositoryRoot);
        var startedAt = DateTimeOffset.UtcNow;
        var defaults = new ExpressionOptions();
        log.WriteLine($"OrleansFlows expressions benchmark: {flood} heavy calls vs {samples} light ones; {machine.ProcessorCount} cores, {machine.CpuModel}, {machine.Framework}");

        var fair = new ExpressionOptions();
        var idle = await MeasureAsync(fair, 0, samples);
        log.WriteLine($"  idle: light median {idle.MedianMs} ms, p99 {idle.P99Ms} ms");
        var shared = await MeasureAsync(fair, flood, samples);
        log.WriteLine($"  flood, fair sharing ({fair.Workers} workers, {fair.MaxWorkersPerTenant} per tenant): light median {shared.MedianMs} ms, p99 {shared.P99Ms} ms; flood took {shared.FloodSeconds} s");
        var noShare = new ExpressionOptions { MaxWorkersPerTenant = fair.Workers };
        var unlimited = await MeasureAsync(noShare, flood, samples);
        log.WriteLine($"  flood, a tenant may hold every worker ({noShare.Workers}): light median {unlimited.MedianMs} ms, p99 {unlimited.P99Ms} ms; flood took {unlimited.FloodSeconds} s");

        var figure = new
        {
            flood,
            samples,
            defaults.MaxStatements,
            Idle = idle,
            FairSharing = shared,
            TenantMayHoldEveryWorker = unlimited,
            machine,
            startedAt,
        };
        var directory = outputDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"expressions-{startedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figure, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }) + "\n");
        log.WriteLine($"Results: {path}");
        return 0;
    }

    /// <summary>Starts the flood, then times the light tenant's calls one after another while the flood lasts.</summary>
    private static async Task<Run> MeasureAsync(ExpressionOptions options, int flood, int samples)
    {
        var evaluator = new ExpressionEvaluator(Options.Create(options));
        await evaluator.EvaluateAsync(LightTenant, Light, Scope);
        await Settle(evaluator.EvaluateAsync(HeavyTenant, Heavy, Scope));

        var floodClock = Stopwatch.StartNew();
        var heavy = Enumerable.Range(0, flood).Select(_ => Settle(evaluator.EvaluateAsync(HeavyTenant, Heavy, Scope))).ToList();
        var latencies = new List<double>();
        for (var i = 0; i < samples && (flood == 0 || heavy.Any(t => !t.IsCompleted)); i++)
        {
            var started = Stopwatch.GetTimestamp();
            await evaluator.EvaluateAsync(LightTenant, Light, Scope);
            latencies.Add(Stats.MicrosecondsSince(started) / 1000);
        }

        var pendingAtEnd = heavy.Count(t => !t.IsCompleted);
        await Task.WhenAll(heavy);
        return new Run(
            Stats.Round(Stats.Median(latencies), 2),
            Stats.Round(Stats.Percentile(latencies, 99), 2),
            latencies.Count,
            pendingAtEnd,
            Stats.Round(floodClock.Elapsed.TotalSeconds, 1));
    }

    private static async Task Settle(Task<JsonNode?> call)
    {
        try
        {
            await call;
        }
        catch (ExpressionException)
        {
            // The heavy calls end at their statement limit: that is the load.
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return null;
        }

        return index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{name} needs a value.");
    }

    /// <summary>One configuration's figures: the light tenant's latency, and how much of the flood was still waiting when it was done.</summary>
    private sealed record Run(double MedianMs, double P99Ms, int Samples, int HeavyCallsStillPendingAfterSamples, double FloodSeconds);
}
