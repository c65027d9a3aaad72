using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Memory per idle activation: activate many CounterGrains (state in SQLite), collect everything collectable, and
/// divide the growth of the live heap by the number of activations. The runtime's share is what remains after the
/// grain and state objects (and the test kit's own bookkeeping) are taken out.
/// </summary>
internal static class MemoryBenchmark
{
    private const int WarmupActivations = 1_000;
    private const int Concurrency = 64;
    private const double GoalRuntimeBytes = 1024;

    public static async Task<MemoryFigure> RunAsync(BenchContext context)
    {
        var count = context.Settings.MemoryActivations;
        var grainType = RuntimeInternals.GrainTypeName<ICounterGrain>();
        context.Log.WriteLine($"Memory per idle activation: {count:N0} CounterGrains on SQLite...");
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store, services => services.Configure<ReminderOptions>(BenchContext.QuietReminders));

        // The TestSilo's event recorder would keep one event object per activation; this figure doesn't use events.
        silo.Events.Dispose();
        await store.ExecuteAsync(SeedStatesSql(grainType, WarmupActivations + count));

        // Warm-up: JIT, connection pool, serializer metadata; these activations are in the baseline.
        await CallBenchmarks.ForEachConcurrentlyAsync(WarmupActivations, Concurrency, i => silo.Grain<ICounterGrain>(Key(i)).GetAsync());

        var before = Memory.LiveBytes();
        var mismatches = 0;
        var stopwatch = Stopwatch.StartNew();
        await CallBenchmarks.ForEachConcurrentlyAsync(count, Concurrency, async i =>
        {
            var index = WarmupActivations + i;
            if (await silo.Grain<ICounterGrain>(Key(index)).GetAsync() != index)
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        stopwatch.Stop();
        var after = Memory.LiveBytes();
        var activations = RuntimeInternals.ActivationCount(silo.Services);
        var total = (double)(after - before) / count;

        // CounterGrain reports each activation to the test kit's GrainProbe, which keeps a counter per grain.
        var probe = silo.Services.GetRequiredService<GrainProbe>();
        var probeCounts = probe.Get($"{grainType}/{Key(WarmupActivations)}/activated") > 0;
        var probeBytes = probeCounts ? ProbeBytesPerGrain(grainType, count) : 0;

        var grainObject = Memory.RetainedBytesPerObject(count, _ => RuntimeHelpers.GetUninitializedObject(typeof(CounterGrain)));
        var stateObject = Memory.RetainedBytesPerObject(count, i => new CounterState { Count = i });
        var runtimeOverhead = total - probeBytes - grainObject - stateObject;
        var items = RuntimeItems(grainType, count);
        var attributed = items.Sum(i => i.BytesPerActivation ?? 0);

        var figure = new MemoryFigure(
            count,
            activations,
            mismatches,
            Concurrency,
            Stats.Round(count / stopwatch.Elapsed.TotalSeconds, 0),
            Stats.Round(total),
            Stats.Round(probeBytes),
            Stats.Round(grainObject),
            Stats.Round(stateObject),
            Stats.Round(runtimeOverhead),
            GoalRuntimeBytes,
            items,
            Stats.Round(runtimeOverhead - attributed));
        context.Log.WriteLine(
            $"  {figure.TotalBytesPerActivation:N0} B/activation in all; test probe {figure.TestProbeBytesPerActivation:N0} B, grain {figure.GrainObjectBytes:N0} B, " +
            $"state {figure.StateObjectBytes:N0} B => runtime overhead {figure.RuntimeOverheadBytesPerActivation:N0} B (goal <= {GoalRuntimeBytes:N0} B); " +
            $"{figure.ActivationsPerSecond:N0} activations/s; catalog holds {activations?.ToString("N0") ?? "n/a"}; state mismatches {mismatches}");
        foreach (var item in items)
        {
            context.Log.WriteLine($"    {item.BytesPerActivation?.ToString("N1") ?? "n/a",8} B  {item.Item}");
        }

        context.Log.WriteLine($"    {figure.UnattributedBytes,8:N1} B  unattributed");
        return figure;
    }

    private static string Key(int index) => $"mem-{index:D6}";

    private static string SeedStatesSql(string grainType, int rows) => $$"""
        INSERT INTO grain_state (grain_id, state_name, state_type, state_json, version, updated_at)
        WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {{rows - 1}})
        SELECT '{{grainType}}/mem-' || printf('%06d', i), 'state', 'CounterState', '{"count":' || i || '}', 1, 0 FROM seq
        """;

    /// <summary>What the test kit's GrainProbe keeps for one activated CounterGrain: a counter keyed by a new string.</summary>
    private static double ProbeBytesPerGrain(string grainType, int count)
    {
        var probe = new GrainProbe();
        probe.Increment($"{grainType}/{Key(0)}/activated");
        var before = Memory.LiveBytes();
        for (var i = 1; i < count; i++)
        {
            probe.Increment($"{grainType}/{Key(WarmupActivations + i)}/activated");
        }

        var after = Memory.LiveBytes();
        GC.KeepAlive(probe);
        return (double)(after - before) / (count - 1);
    }

    /// <summary>An estimate of the runtime's objects per activation, each measured the same way on its own.</summary>
    private static List<MemoryItem> RuntimeItems(string grainType, int count)
    {
        var items = new List<MemoryItem>();
        double? Instance(Type? type) =>
            type is null ? null : Memory.RetainedBytesPerObject(count, _ => RuntimeHelpers.GetUninitializedObject(type));

        items.Add(new MemoryItem("GrainActivation object", Instance(RuntimeInternals.Type("OrleansFlows.Runtime.Activation.GrainActivation"))));
        items.Add(new MemoryItem(
            "PersistentState<CounterState> object",
            Instance(RuntimeInternals.Type("OrleansFlows.Runtime.Persistence.PersistentState`1")?.MakeGenericType(typeof(CounterState)))));
        var handle = RuntimeInternals.Type("OrleansFlows.Runtime.Persistence.IStateHandle");
        items.Add(new MemoryItem(
            "state handle array (1 element)",
            handle is null ? null : Memory.RetainedBytesPerObject(count, _ => Array.CreateInstance(handle, 1))));
        items.Add(new MemoryItem("catalog entry (ConcurrentDictionary<GrainId, …> node and buckets)", CatalogEntryBytes(grainType, count)));
        items.Add(new MemoryItem("grain key string (kept by the GrainId)", Memory.RetainedBytesPerObject(count, i => Key(WarmupActivations + i))));
        return items.Select(i => i with { BytesPerActivation = i.BytesPerActivation is { } b ? Stats.Round(b) : null }).ToList();
    }

    private static double CatalogEntryBytes(string grainType, int count)
    {
        var type = GrainType.Create(grainType);
        var ids = Enumerable.Range(0, count + WarmupActivations).Select(i => GrainId.Create(type, Key(i))).ToArray();
        var value = new object();
        var dictionary = new ConcurrentDictionary<GrainId, object>();
        for (var i = 0; i < WarmupActivations; i++)
        {
            dictionary[ids[i]] = value;
        }

        var before = Memory.LiveBytes();
        for (var i = WarmupActivations; i < ids.Length; i++)
        {
            dictionary[ids[i]] = value;
        }

        var after = Memory.LiveBytes();
        GC.KeepAlive(dictionary);
        return (double)(after - before) / count;
    }
}

internal sealed record MemoryFigure(
    int Activations,
    int? CatalogActivations,
    int StateMismatches,
    int ActivationConcurrency,
    double ActivationsPerSecond,
    double TotalBytesPerActivation,
    double TestProbeBytesPerActivation,
    double GrainObjectBytes,
    double StateObjectBytes,
    double RuntimeOverheadBytesPerActivation,
    double GoalRuntimeOverheadBytes,
    IReadOnlyList<MemoryItem> RuntimeOverheadItems,
    double UnattributedBytes);

internal sealed record MemoryItem(string Item, double? BytesPerActivation);
