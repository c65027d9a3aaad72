using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Memory per idle activation on the product silo (SQLite): activate N tenant (or lead) grains through
/// <see cref="IGrainFactory"/> with one read-only call each, collect everything collectable, and divide the growth of
/// the live managed heap by N. The figure includes the grain, its state, Orleans' activation data and the directory
/// entry; the grains have no stored state, so each activation's state read finds nothing.
/// </summary>
/// <remarks>Usage: <c>memory [--quick] [--activations N] [--grain tenant|lead] [--out DIR]</c>.</remarks>
internal static class MemoryBenchmark
{
    private const int WarmupActivations = 1_000;
    private const int Concurrency = 64;

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var quick = args.Contains("--quick");
        int count;
        string grain;
        string? outputDirectory;
        try
        {
            count = int.Parse(Option(args, "--activations") ?? (quick ? "10000" : "100000"), NumberStyles.None, CultureInfo.InvariantCulture);
            grain = Option(args, "--grain") ?? "tenant";
            outputDirectory = Option(args, "--out");
            if (grain is not ("tenant" or "lead"))
            {
                throw new ArgumentException($"--grain takes tenant or lead, not '{grain}'.");
            }
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
        log.WriteLine($"OrleansFlows memory benchmark{(quick ? " (quick)" : "")}: {count:N0} idle {grain} grains on SQLite; {machine.ProcessorCount} cores, {machine.CpuModel}, {machine.Framework}");
        await using var store = TestStore.Sqlite();
        await using var host = await ProductHost.StartAsync(store, new Dictionary<string, string?>());

        Func<int, Task> activate = grain == "tenant"
            ? i => host.Grains.GetGrain<ITenantGrain>(TenantKey(i)).GetAsync()
            : i => host.Grains.GetGrain<ILeadGrain>(LeadGrainKey(i)).GetAsync();

        // Warm-up: JIT, connection pool, serializer metadata; these activations are in the baseline.
        await ForEachConcurrentlyAsync(WarmupActivations, i => activate(i));
        var before = Memory.LiveBytes();
        var stopwatch = Stopwatch.StartNew();
        await ForEachConcurrentlyAsync(count, i => activate(WarmupActivations + i));
        stopwatch.Stop();
        var after = Memory.LiveBytes();

        var figure = new MemoryFigure(
            grain,
            count,
            Concurrency,
            Stats.Round(count / stopwatch.Elapsed.TotalSeconds, 0),
            Stats.Round((double)(after - before) / count),
            Stats.Round(after / 1048576.0),
            machine,
            startedAt,
            host.Logs.Snapshot());
        log.WriteLine(
            $"  {figure.BytesPerActivation:N0} B per idle {grain} activation (live heap {figure.LiveHeapMiBAfter:N1} MiB after); " +
            $"{figure.ActivationsPerSecond:N0} activations/s, {Concurrency} at a time");

        var directory = outputDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"memory-{startedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}{(quick ? "-quick" : "")}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figure, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }) + "\n");
        log.WriteLine($"Results: {path}");
        return 0;
    }

    public const string Usage = "usage: OrleansFlows.Bench memory [--quick] [--activations N] [--grain tenant|lead] [--out DIR]";

    private static string TenantKey(int index) => TenantId.Parse($"mem{index.ToString("D7", CultureInfo.InvariantCulture)}").Value;

    private static string LeadGrainKey(int index) =>
        LeadKey.Create(TenantId.Parse("mem"), LeadIds.FromIdempotencyKey("memory", index.ToString(CultureInfo.InvariantCulture))).ToString();

    private static async Task ForEachConcurrentlyAsync(int count, Func<int, Task> call)
    {
        var next = -1;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await call(i);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Concurrency, count)).Select(_ => Task.Run(WorkerAsync)));
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
}

/// <summary>Memory per idle activation, written as JSON under bench/results/.</summary>
internal sealed record MemoryFigure(
    string Grain,
    int Activations,
    int ActivationConcurrency,
    double ActivationsPerSecond,
    double BytesPerActivation,
    double LiveHeapMiBAfter,
    MachineInfo Machine,
    DateTimeOffset StartedAt,
    IReadOnlyList<LoggedEvent> Logged);
