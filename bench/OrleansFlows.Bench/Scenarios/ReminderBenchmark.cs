using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Bench.Grains;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Reminder firing: N one-shot reminders, one per grain (none of them active), registered through the runtime's
/// reminder table and all due at the same instant. The figure is the time from that instant until the last grain tick
/// ran, and until the last tick was recorded as delivered in the store (the ReminderDelivered event, published after
/// the batch's completion commits).
/// </summary>
internal static class ReminderBenchmark
{
    private const string ReminderName = "tick";
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MinimumLead = TimeSpan.FromSeconds(1);

    public static async Task<List<ReminderFigure>> RunAsync(BenchContext context)
    {
        var figures = new List<ReminderFigure>();
        foreach (var kind in await context.StoreKindsAsync())
        {
            figures.Add(await RunAsync(context, kind, stateful: false, context.Settings.ReminderRuns));
            figures.Add(await RunAsync(context, kind, stateful: true, context.Settings.ReminderRuns));
        }

        return figures;
    }

    private static async Task<ReminderFigure> RunAsync(BenchContext context, string kind, bool stateful, int runs)
    {
        var settings = context.Settings;
        var grainType = stateful ? RuntimeInternals.GrainTypeName<IReminderTestGrain>() : RuntimeInternals.GrainTypeName<IBenchTickGrain>();
        var grainTicks = new TickRecorder();
        var events = new ReminderEventRecorder(grainType, stateful ? null : grainTicks);
        await using var store = await context.CreateStoreAsync(kind, "bench_reminders");
        await using var silo = await TestSilo.StartAsync(
            store,
            services =>
            {
                services.AddSingleton(grainTicks);
                services.Configure<ReminderOptions>(o =>
                {
                    o.PollInterval = settings.ReminderPollInterval;
                    o.ClaimBatchSize = settings.ReminderClaimBatchSize;
                    o.MaxConcurrentDeliveries = settings.ReminderMaxConcurrentDeliveries;
                    o.LeaseDuration = settings.ReminderLeaseDuration;
                });
            },
            runtime => runtime.AddGrain<IBenchTickGrain, BenchTickGrain>());

        // The TestSilo's recorder keeps every event; this benchmark records only what it measures.
        silo.Events.Dispose();
        using var subscription = silo.Services.GetRequiredService<RuntimeEvents>().Listener.Subscribe(events);

        var variant = stateful ? "ReminderTestGrain (reads state on activation, writes state per tick)" : "stateless BenchTickGrain";
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var register = new Registrar(table, GrainType.Create(grainType));

        // The warm-up round also measures how fast reminders register, to choose how far ahead the next rounds are due.
        await RoundAsync(store, register, events, "w", Math.Min(500, settings.Reminders));
        var rounds = new List<ReminderRound>();
        for (var run = 1; run <= runs; run++)
        {
            var round = await RoundAsync(store, register, events, run.ToString(CultureInfo.InvariantCulture), settings.Reminders);
            rounds.Add(round);
            context.Log.WriteLine(
                $"Reminders, {kind}, {variant}: {round.Reminders:N0} due at once; first tick +{round.FirstTickMs:N0} ms, " +
                $"last tick +{round.LastTickMs:N0} ms, last delivered +{round.LastDeliveredMs:N0} ms " +
                $"({round.Ticks:N0} ticks, {round.Delivered:N0} delivered, {round.Failed} failed, {round.RowsLeft} left in the table; " +
                $"registered in {round.RegistrationSeconds:N1} s{(round.RegisteredBeforeDue ? "" : ", AFTER the due instant")}{(round.Completed ? "" : ", INCOMPLETE")})");
        }

        return new ReminderFigure(
            kind,
            variant,
            settings.Reminders,
            new ReminderSettings(
                settings.ReminderPollInterval.TotalMilliseconds,
                settings.ReminderClaimBatchSize,
                settings.ReminderMaxConcurrentDeliveries,
                settings.ReminderLeaseDuration.TotalSeconds),
            Stats.Median(rounds.Select(r => r.LastTickMs).ToArray()),
            Stats.Median(rounds.Select(r => r.LastDeliveredMs).ToArray()),
            rounds.All(r => r.Completed && r.RegisteredBeforeDue),
            rounds);
    }

    private static async Task<ReminderRound> RoundAsync(TestStore store, Registrar register, ReminderEventRecorder events, string round, int count)
    {
        // Due on a whole second, far enough ahead for the registration to finish first.
        var lead = TimeSpan.FromSeconds(Math.Max(MinimumLead.TotalSeconds, 2 * register.SecondsPerReminder * count));
        var earliest = DateTime.UtcNow + lead;
        var due = new DateTime(earliest.Ticks - (earliest.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        events.Expect(count);
        var registration = await register.RegisterAsync(round, count, due);
        var registeredBeforeDue = DateTime.UtcNow < due;
        var completed = true;
        try
        {
            await Task.WhenAll(events.Ticks.All, events.Delivered.All).WaitAsync(RoundTimeout + lead);
        }
        catch (TimeoutException)
        {
            completed = false;
        }

        var ticks = events.Ticks.MillisecondsAfter(due);
        var delivered = events.Delivered.MillisecondsAfter(due);
        var left = Convert.ToInt64(await store.ScalarAsync($"SELECT COUNT(*) FROM reminders WHERE grain_id LIKE '{register.GrainType}/r{round}-%'"), CultureInfo.InvariantCulture);
        double At(double[] times, double percent) => times.Length == 0 ? double.NaN : Stats.Round(Stats.Percentile(times, percent));
        return new ReminderRound(
            round,
            count,
            due,
            Stats.Round(registration.TotalSeconds, 2),
            registeredBeforeDue,
            completed,
            ticks.Length,
            delivered.Length,
            events.Failed,
            left,
            ticks.Length == 0 ? double.NaN : Stats.Round(ticks[0]),
            At(ticks, 50),
            At(ticks, 100),
            At(delivered, 50),
            At(delivered, 100));
    }

    /// <summary>Registers one-shot reminders through the runtime's reminder table, as grains do.</summary>
    private sealed class Registrar(IReminderTable table, GrainType grainType)
    {
        private const int Concurrency = 64;

        public GrainType GrainType { get; } = grainType;

        /// <summary>Seconds per reminder in the last registration (a cautious guess before the first).</summary>
        public double SecondsPerReminder { get; private set; } = 0.002;

        public async Task<TimeSpan> RegisterAsync(string round, int count, DateTime due)
        {
            var dueAt = new DateTimeOffset(due);
            var stopwatch = Stopwatch.StartNew();
            await CallBenchmarks.ForEachConcurrentlyAsync(count, Concurrency, i =>
                table.ApplyAsync(GrainId.Create(GrainType, $"r{round}-{i:D6}"), ReminderChange.OneShot(ReminderName, dueAt), CancellationToken.None));
            SecondsPerReminder = stopwatch.Elapsed.TotalSeconds / count;
            return stopwatch.Elapsed;
        }
    }

    /// <summary>Records the runtime events a reminder round waits on, for one grain type.</summary>
    private sealed class ReminderEventRecorder(string grainType, TickRecorder? grainTicks) : IObserver<KeyValuePair<string, object?>>
    {
        private int _failed;

        /// <summary>Grain ticks: reported by the grain itself, or (for a stateful grain) its StateWritten events.</summary>
        public TickRecorder Ticks { get; } = grainTicks ?? new TickRecorder();

        public TickRecorder Delivered { get; } = new();

        public int Failed => Volatile.Read(ref _failed);

        public void Expect(int count)
        {
            Ticks.Expect(count);
            Delivered.Expect(count);
            Volatile.Write(ref _failed, 0);
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is not RuntimeEvent e || e.GrainId.Type.Value != grainType)
            {
                return;
            }

            switch (e.Name)
            {
                case RuntimeEvents.ReminderDelivered:
                    Delivered.Record();
                    break;
                case RuntimeEvents.StateWritten when grainTicks is null:
                    Ticks.Record();
                    break;
                case RuntimeEvents.ReminderFailed:
                    Interlocked.Increment(ref _failed);
                    break;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

internal sealed record ReminderSettings(double PollIntervalMs, int ClaimBatchSize, int MaxConcurrentDeliveries, double LeaseDurationSeconds);

internal sealed record ReminderFigure(
    string Store,
    string Grain,
    int Reminders,
    ReminderSettings Settings,
    double MedianLastTickMs,
    double MedianLastDeliveredMs,
    bool AllCompleted,
    IReadOnlyList<ReminderRound> Runs);

internal sealed record ReminderRound(
    string Round,
    int Reminders,
    DateTime DueAtUtc,
    double RegistrationSeconds,
    bool RegisteredBeforeDue,
    bool Completed,
    int Ticks,
    int Delivered,
    int Failed,
    long RowsLeft,
    double FirstTickMs,
    double MedianTickMs,
    double LastTickMs,
    double MedianDeliveredMs,
    double LastDeliveredMs);
