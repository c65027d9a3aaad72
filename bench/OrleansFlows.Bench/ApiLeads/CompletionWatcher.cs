using System.Globalization;
using System.Net.Http.Json;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// Reads the Slack stand-in's stream of arrivals (from the count at start, so nothing earlier is taken for this run)
/// and marks each lead of the run completed at the stand-in's arrival time. A second message for a lead is counted as a
/// duplicate; a message for a ref outside the run as unknown.
/// </summary>
internal sealed class CompletionWatcher : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, LoadLead> _leads;
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;
    private int _completed;
    private int _duplicates;
    private int _unknown;

    private CompletionWatcher(Uri control, IReadOnlyDictionary<string, LoadLead> leads)
    {
        _http = new HttpClient { BaseAddress = control, Timeout = Timeout.InfiniteTimeSpan };
        _leads = leads;
    }

    public int Completed => Volatile.Read(ref _completed);

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int Unknown => Volatile.Read(ref _unknown);

    /// <summary>The error that ended the stream early, if any.</summary>
    public string? StreamError { get; private set; }

    public static async Task<CompletionWatcher> StartAsync(Uri control, IReadOnlyDictionary<string, LoadLead> leads)
    {
        var watcher = new CompletionWatcher(control, leads);
        var counts = await watcher._http.GetFromJsonAsync<StandInCounts>("counts", ApiLeadsJson.Options) ?? throw new InvalidOperationException("The stand-ins answered no counts.");
        var response = await watcher._http.GetAsync($"arrivals?from={counts.SlackMessages.ToString(CultureInfo.InvariantCulture)}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        watcher._reading = watcher.ReadAsync(response);
        return watcher;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using var _ = response;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var space = line.LastIndexOf(' ');
                if (space < 0 || !_leads.TryGetValue(line[..space], out var lead))
                {
                    Interlocked.Increment(ref _unknown);
                    continue;
                }

                if (lead.CompletedTicks != 0)
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }

                lead.CompletedTicks = long.Parse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture);
                Interlocked.Increment(ref _completed);
                lead.Completion.TrySetResult();
            }

            StreamError = "The stand-ins closed the arrival stream.";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            StreamError = $"{exception.GetType().Name}: {exception.Message}";
        }
    }
}
