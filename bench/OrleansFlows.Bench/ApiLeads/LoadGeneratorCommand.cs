using System.Diagnostics;
using System.Text.Json;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The hidden <c>api-load-generator {plan.json} {result.json}</c> command: the load generator in its own process. It
/// signs and sends the plan's webhooks (closed or open loop), follows the Slack stand-in's arrivals until every accepted
/// lead completed (or the completion timeout passed), and writes a <see cref="LoadResult"/>. It prints
/// <see cref="MeasureStart"/> before the first webhook and <see cref="MeasureEnd"/> after the last completion, so the
/// benchmark reads the processes' CPU over exactly that window.
/// </summary>
internal static class LoadGeneratorCommand
{
    public const string Name = "api-load-generator";

    public const string MeasureStart = "measure-start";

    public const string MeasureEnd = "measure-end";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length != 2)
        {
            await output.WriteLineAsync($"usage: OrleansFlows.Bench {Name} <plan.json> <result.json>");
            return 2;
        }

        var plan = JsonSerializer.Deserialize<LoadPlan>(await File.ReadAllTextAsync(args[0]), ApiLeadsJson.Options)
            ?? throw new InvalidOperationException($"{args[0]} holds no plan.");
        var leads = Enumerable.Range(0, plan.Offered)
            .Select(i => new LoadLead(plan.Tenants[i % plan.Tenants.Count], $"{plan.Prefix}-{i:D6}"))
            .ToArray();
        using var sender = new WebhookSender(plan);
        await using var watcher = await CompletionWatcher.StartAsync(plan.Control, leads.ToDictionary(l => l.Reference));
        var timeout = TimeSpan.FromSeconds(plan.CompletionTimeoutSeconds);

        await Signal(output, MeasureStart);
        if (plan.Loop == LoadPlan.Open)
        {
            await OpenLoopAsync(sender, leads, plan.Rate);
        }
        else
        {
            await ClosedLoopAsync(sender, leads, plan.InFlight, timeout);
        }

        try
        {
            await Task.WhenAll(leads.Where(l => l.Accepted).Select(l => l.Completion.Task)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Counted as accepted but not completed.
        }

        await Signal(output, MeasureEnd);
        var result = LoadResult.From(plan, leads, watcher);
        await File.WriteAllTextAsync(args[1], JsonSerializer.Serialize(result, ApiLeadsJson.Options));
        return 0;
    }

    /// <summary>
    /// <paramref name="inFlight"/> senders, each sending a lead and waiting for its Slack message before the next, so at
    /// most that many leads are between send and completion.
    /// </summary>
    private static async Task ClosedLoopAsync(WebhookSender sender, LoadLead[] leads, int inFlight, TimeSpan timeout)
    {
        var next = -1;
        async Task SenderAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < leads.Length)
            {
                var lead = leads[i];
                lead.IntendedTicks = DateTime.UtcNow.Ticks;
                await sender.SendAsync(lead);
                if (lead.Accepted)
                {
                    try
                    {
                        await lead.Completion.Task.WaitAsync(timeout);
                    }
                    catch (TimeoutException)
                    {
                        // Counted as accepted but not completed; the sender goes on.
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, leads.Length)).Select(_ => Task.Run(SenderAsync)));
    }

    /// <summary>Webhook i is due at start + i / rate, and is sent then whatever happened to the earlier ones.</summary>
    private static async Task OpenLoopAsync(WebhookSender sender, LoadLead[] leads, double rate)
    {
        var sends = new List<Task>(leads.Length);
        var startTicks = DateTime.UtcNow.Ticks;
        var clock = Stopwatch.StartNew();
        TimeSpan Due(int i) => TimeSpan.FromSeconds(i / rate);
        var next = 0;
        while (next < leads.Length)
        {
            var now = clock.Elapsed;
            while (next < leads.Length && Due(next) <= now)
            {
                var lead = leads[next];
                lead.IntendedTicks = startTicks + Due(next).Ticks;
                sends.Add(Task.Run(() => sender.SendAsync(lead)));
                next++;
            }

            if (next < leads.Length)
            {
                var wait = Due(next) - clock.Elapsed;
                await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1));
            }
        }

        await Task.WhenAll(sends);
    }

    private static async Task Signal(TextWriter output, string line)
    {
        await output.WriteLineAsync(line);
        await output.FlushAsync();
    }
}
