namespace OrleansFlows.Bench.ApiLeads;

/// <summary>The stand-ins' process (the benchmark's own program, run as <c>api-stand-ins</c>) and their addresses.</summary>
internal sealed class StandInsProcess : IAsyncDisposable
{
    private StandInsProcess(ChildProcess process, Uri enrichment, Uri slackWebhook, Uri control)
    {
        Process = process;
        Enrichment = enrichment;
        SlackWebhook = slackWebhook;
        Control = control;
    }

    public ChildProcess Process { get; }

    public Uri Enrichment { get; }

    public Uri SlackWebhook { get; }

    public Uri Control { get; }

    public static async Task<StandInsProcess> StartAsync(string benchDll)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.StartDotnet(
            benchDll,
            [StandInsCommand.Name],
            new Dictionary<string, string>(),
            line =>
            {
                if (line.StartsWith(StandInsCommand.ReadyPrefix, StringComparison.Ordinal))
                {
                    ready.TrySetResult(line[StandInsCommand.ReadyPrefix.Length..]);
                }
            },
            keepInputOpen: true);
        try
        {
            var addresses = (await ready.Task.WaitAsync(TimeSpan.FromSeconds(60))).Split(' ');
            return new StandInsProcess(process, new Uri(addresses[0]), new Uri(addresses[1]), new Uri(addresses[2]));
        }
        catch (TimeoutException)
        {
            var tail = process.Tail;
            await process.DisposeAsync();
            throw new TimeoutException($"The stand-ins did not start within 60 s:{Environment.NewLine}{tail}");
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
