using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Bench.Grains;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>Local grain calls: throughput under concurrency, single-call latency, and what a call costs.</summary>
internal static class CallBenchmarks
{
    private const string EchoText = "x";

    public static async Task<List<ThroughputFigure>> ThroughputAsync(BenchContext context)
    {
        var settings = context.Settings;
        await using var store = TestStore.Sqlite();
        await using var silo = await StartSiloAsync(store);
        var (one, many) = await PrepareGrainsAsync(silo, settings.ManyGrains, settings.Concurrency);
        var concurrency = settings.Concurrency;
        var n = many.Length;
        context.Log.WriteLine($"Local calls, {concurrency} outstanding; {settings.CallRuns} windows of {settings.CallWindow.TotalSeconds:0.##} s after {settings.CallWarmup.TotalSeconds:0.##} s warm-up:");
        return
        [
            await MeasureAsync(context, "NoOpAsync [ReadOnly], 1 grain", 1, (_, i) => one.NoOpAsync((int)i)),
            await MeasureAsync(context, "EchoAsync (writer), 1 grain", 1, (_, _) => one.EchoAsync(EchoText)),
            await MeasureAsync(context, $"NoOpAsync [ReadOnly], {n:N0} grains", n, (c, i) => many[Spread(c, i, concurrency, n)].NoOpAsync((int)i)),
            await MeasureAsync(context, $"EchoAsync (writer), {n:N0} grains", n, (c, i) => many[Spread(c, i, concurrency, n)].EchoAsync(EchoText)),
        ];
    }

    public static async Task<List<LatencyFigure>> LatencyAsync(BenchContext context)
    {
        var settings = context.Settings;
        await using var store = TestStore.Sqlite();
        await using var silo = await StartSiloAsync(store);
        var (one, many) = await PrepareGrainsAsync(silo, settings.ManyGrains, settings.Concurrency);
        var waiting = silo.Grain<IBenchCallGrain>("one");
        context.Log.WriteLine($"Single-call latency (one call outstanding), {settings.LatencyRuns} runs of {settings.LatencySamples:N0} calls:");
        Task<LatencyFigure> Measure(string name, Func<long, Task> call) =>
            LatencyFigure.MeasureAsync(name, call, settings.LatencyWarmupCalls, settings.LatencySamples, settings.LatencyRuns, context.Log);
        return
        [
            await Measure("NoOpAsync [ReadOnly], 1 grain", i => one.NoOpAsync((int)i)),
            await Measure("EchoAsync (writer), 1 grain", _ => one.EchoAsync(EchoText)),
            await Measure($"NoOpAsync [ReadOnly], {many.Length:N0} grains in turn", i => many[i % many.Length].NoOpAsync((int)i)),
            await Measure("YieldAsync (writer that awaits), 1 grain", i => waiting.YieldAsync((int)i)),
        ];
    }

    /// <summary>Where the time and allocations of a call go: sampled allocations by type, and controlled experiments.</summary>
    public static async Task<CallProfile> ProfileAsync(BenchContext context)
    {
        var settings = context.Settings;
        var concurrency = settings.Concurrency;
        var runs = settings.CallRuns;
        var experiments = new List<ThroughputFigure>();
        var allocations = new List<AllocationProfile>();
        Task<ThroughputFigure> Measure(string name, int grains, Func<int, long, Task> call) =>
            ThroughputFigure.MeasureAsync(name, grains, concurrency, call, settings.CallWarmup, settings.CallWindow, runs, context.Log);

        context.Log.WriteLine("Call profile:");
        await using (var store = TestStore.Sqlite())
        await using (var silo = await StartSiloAsync(store))
        {
            var (one, many) = await PrepareGrainsAsync(silo, settings.ManyGrains, concurrency);
            var n = many.Length;
            var factory = silo.Grains;
            var waiting = silo.Grain<IBenchCallGrain>("one");
            allocations.Add(await SampleAllocationsAsync(context, "NoOpAsync [ReadOnly], 1 grain", (_, i) => one.NoOpAsync((int)i)));
            allocations.Add(await SampleAllocationsAsync(context, "EchoAsync (writer), 1 grain", (_, _) => one.EchoAsync(EchoText)));
            allocations.Add(await SampleAllocationsAsync(context, "YieldAsync (writer that awaits), 1 grain", (_, i) => waiting.YieldAsync((int)i)));

            // Floors: what the harness and the thread pool cost without the runtime.
            experiments.Add(await Measure("floor: harness alone (completed Task)", 0, static (_, _) => Task.CompletedTask));
            experiments.Add(await Measure("floor: one thread-pool round trip per call (no runtime)", 0, static (_, _) => ThreadPoolRoundTrip()));

            // Proxies made per call, as code that calls GetGrain before each call does.
            experiments.Add(await Measure($"GetGrain only (no call), {n:N0} keys", n, (c, i) =>
            {
                GC.KeepAlive(factory.GetGrain<IProbeGrain>(Key(Spread(c, i, concurrency, n))));
                return Task.CompletedTask;
            }));
            experiments.Add(await Measure(
                $"NoOpAsync [ReadOnly], {n:N0} grains, GetGrain per call", n, (c, i) => factory.GetGrain<IProbeGrain>(Key(Spread(c, i, concurrency, n))).NoOpAsync((int)i)));

            // Turns that really wait: callers queue on the grain and every queued call takes the thread-pool path.
            experiments.Add(await Measure("YieldAsync (writer that awaits), 1 grain", 1, (_, i) => waiting.YieldAsync((int)i)));
        }

        // The same waiting writer without the per-call response timer (GrainCallOptions.ResponseTimeout = infinite).
        await using (var store = TestStore.Sqlite())
        await using (var silo = await StartSiloAsync(store, o => o.ResponseTimeout = Timeout.InfiniteTimeSpan))
        {
            var waiting = silo.Grain<IBenchCallGrain>("one");
            await waiting.YieldAsync(0);
            experiments.Add(await Measure("YieldAsync (writer that awaits), 1 grain, ResponseTimeout infinite", 1, (_, i) => waiting.YieldAsync((int)i)));
            allocations.Add(await SampleAllocationsAsync(context, "YieldAsync (writer that awaits), 1 grain, ResponseTimeout infinite", (_, i) => waiting.YieldAsync((int)i)));
        }

        return new CallProfile(allocations, experiments);
    }

    private static async Task<AllocationProfile> SampleAllocationsAsync(BenchContext context, string name, Func<int, long, Task> call)
    {
        var settings = context.Settings;
        using var sampler = new AllocationSampler();
        var load = CallLoad.Start(settings.Concurrency, call);
        try
        {
            await Task.Delay(settings.CallWarmup);
            sampler.Start();
            var before = ProcessCounters.Take(load.Completed);
            await Task.Delay(settings.ProfileDuration);
            var after = ProcessCounters.Take(load.Completed);
            var byType = sampler.Stop();
            var window = WindowResult.Between(before, after);

            // Each sample stands for ~100 KB; the shares by type are scaled to the exactly measured bytes per call.
            var sampled = Math.Max(1, byType.Sum(t => t.Bytes));
            var types = byType
                .Take(15)
                .Select(t => new AllocatedType(t.Type, Stats.Round(window.AllocatedBytesPerCall * t.Bytes / sampled), Stats.Round(100.0 * t.Bytes / sampled), t.Samples, t.TypicalObjectSize))
                .ToList();
            context.Log.WriteLine($"  allocations, {name}: {window.AllocatedBytesPerCall:N0} B/call ({byType.Sum(t => t.Samples)} samples):");
            foreach (var type in types.Take(10))
            {
                context.Log.WriteLine($"    {type.BytesPerCall,8:N1} B/call {type.SharePercent,5:N1}%  {type.Type}");
            }

            return new AllocationProfile(name, window.Calls, window.AllocatedBytesPerCall, byType.Sum(t => t.Samples), types);
        }
        finally
        {
            await load.StopAsync();
        }
    }

    private static Task ThreadPoolRoundTrip()
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.TrySetResult(), completion, preferLocal: true);
        return completion.Task;
    }

    private static Task<ThroughputFigure> MeasureAsync(BenchContext context, string name, int grains, Func<int, long, Task> call)
    {
        var settings = context.Settings;
        return ThroughputFigure.MeasureAsync(name, grains, settings.Concurrency, call, settings.CallWarmup, settings.CallWindow, settings.CallRuns, context.Log);
    }

    /// <summary>Caller <paramref name="caller"/>'s call <paramref name="call"/> goes to grain c + i·concurrency (mod n), so callers rarely meet on a grain.</summary>
    private static int Spread(int caller, long call, int concurrency, int grains) => (int)((caller + (call * concurrency)) % grains);

    private static string Key(int index) => $"many-{index}";

    private static async Task<(IProbeGrain One, IProbeGrain[] Many)> PrepareGrainsAsync(TestSilo silo, int manyCount, int concurrency)
    {
        var one = silo.Grain<IProbeGrain>("one");
        await one.NoOpAsync(0);
        var many = Enumerable.Range(0, manyCount).Select(i => silo.Grain<IProbeGrain>(Key(i))).ToArray();
        await ForEachConcurrentlyAsync(many.Length, concurrency, i => many[i].NoOpAsync(i));
        return (one, many);
    }

    internal static async Task ForEachConcurrentlyAsync(int count, int concurrency, Func<int, Task> action)
    {
        var next = -1;
        async Task RunAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await action(index);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, Math.Max(count, 1))).Select(_ => Task.Run(RunAsync)));
    }

    private static Task<TestSilo> StartSiloAsync(TestStore store, Action<GrainCallOptions>? calls = null) =>
        TestSilo.StartAsync(
            store,
            services =>
            {
                services.Configure<ReminderOptions>(BenchContext.QuietReminders);
                if (calls is not null)
                {
                    services.Configure(calls);
                }
            },
            runtime => runtime.AddGrain<IBenchCallGrain, BenchCallGrain>());
}

internal sealed record CallProfile(IReadOnlyList<AllocationProfile> Allocations, IReadOnlyList<ThroughputFigure> Experiments);

internal sealed record AllocationProfile(string Name, long Calls, double MeasuredBytesPerCall, int Samples, IReadOnlyList<AllocatedType> TopTypes);

internal sealed record AllocatedType(string Type, double BytesPerCall, double SharePercent, int Samples, long TypicalObjectSize);
