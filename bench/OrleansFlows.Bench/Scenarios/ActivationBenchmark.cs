using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Activation latency: the first call (a [ReadOnly] GetAsync) to a CounterGrain that was never activated but whose
/// state row exists, one call at a time, so each sample is create + read state + OnActivateAsync + the call.
/// </summary>
internal static class ActivationBenchmark
{
    private const int WarmupActivations = 200;

    public static async Task<List<ActivationFigure>> RunAsync(BenchContext context)
    {
        var figures = new List<ActivationFigure>();
        foreach (var kind in await context.StoreKindsAsync())
        {
            figures.Add(await RunAsync(context, kind));
        }

        return figures;
    }

    private static async Task<ActivationFigure> RunAsync(BenchContext context, string kind)
    {
        var settings = context.Settings;
        var perRun = settings.ActivationGrains;
        var rows = WarmupActivations + (perRun * settings.ActivationRuns);
        var grainType = RuntimeInternals.GrainTypeName<ICounterGrain>();
        await using var store = await context.CreateStoreAsync(kind, "bench_activation");
        await using var silo = await TestSilo.StartAsync(store, services => services.Configure<ReminderOptions>(BenchContext.QuietReminders));
        await store.ExecuteAsync(kind == "sqlite" ? SqliteSeedSql(grainType, rows) : PostgresSeedSql(grainType, rows));

        for (var i = 0; i < WarmupActivations; i++)
        {
            await silo.Grain<ICounterGrain>(Key(i)).GetAsync();
        }

        var p50 = new List<double>();
        var p99 = new List<double>();
        var all = new List<double>();
        var mismatches = 0;
        for (var run = 0; run < settings.ActivationRuns; run++)
        {
            var micros = new double[perRun];
            for (var i = 0; i < perRun; i++)
            {
                var index = WarmupActivations + (run * perRun) + i;
                var grain = silo.Grain<ICounterGrain>(Key(index));
                var start = Stopwatch.GetTimestamp();
                var value = await grain.GetAsync();
                micros[i] = Stats.MicrosecondsSince(start);
                if (value != index)
                {
                    mismatches++;
                }
            }

            p50.Add(Stats.Round(Stats.Percentile(micros, 50)));
            p99.Add(Stats.Round(Stats.Percentile(micros, 99)));
            all.AddRange(micros);
        }

        var figure = new ActivationFigure(
            kind,
            settings.ActivationRuns,
            perRun,
            Stats.Median(p50),
            Stats.Median(p99),
            Stats.Round(Stats.Percentile(all, 50)),
            Stats.Round(Stats.Percentile(all, 99)),
            Stats.Round(all.Max()),
            Stats.Round(all.Average()),
            mismatches,
            p50,
            p99);
        context.Log.WriteLine(
            $"Activation latency, {kind}: p50 {figure.MedianP50Microseconds:N0} µs, p99 {figure.MedianP99Microseconds:N0} µs " +
            $"(median of {figure.Runs} runs of {perRun:N0}; max {figure.MaxMicroseconds:N0} µs; state mismatches {mismatches})");
        return figure;
    }

    private static string Key(int index) => $"act-{index:D6}";

    private static string SqliteSeedSql(string grainType, int rows) => $$"""
        INSERT INTO grain_state (grain_id, state_name, state_type, state_json, version, updated_at)
        WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {{rows - 1}})
        SELECT '{{grainType}}/act-' || printf('%06d', i), 'state', 'CounterState', '{"count":' || i || '}', 1, 0 FROM seq
        """;

    private static string PostgresSeedSql(string grainType, int rows) => $"""
        INSERT INTO grain_state (grain_id, state_name, state_type, state_json, version)
        SELECT '{grainType}/act-' || lpad(i::text, 6, '0'), 'state', 'CounterState', jsonb_build_object('count', i), 1
        FROM generate_series(0, {rows - 1}) AS i;
        ANALYZE grain_state;
        """;
}

internal sealed record ActivationFigure(
    string Store,
    int Runs,
    int GrainsPerRun,
    double MedianP50Microseconds,
    double MedianP99Microseconds,
    double PooledP50Microseconds,
    double PooledP99Microseconds,
    double MaxMicroseconds,
    double MeanMicroseconds,
    int StateMismatches,
    IReadOnlyList<double> P50ByRun,
    IReadOnlyList<double> P99ByRun);
