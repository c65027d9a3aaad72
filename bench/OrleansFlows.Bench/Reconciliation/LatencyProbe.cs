using System.Diagnostics;
using System.Net.Http.Headers;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.Reconciliation;

/// <summary>
/// Sends tenant API reads at a fixed rate, open loop (a slow answer does not delay the next request), and keeps each
/// latency with the phase it started in. Rotates over several tenants' keys so no single activation is measured.
/// </summary>
internal sealed class LatencyProbe(Uri baseAddress, IReadOnlyList<string> apiKeys, int requestsPerSecond)
{
    private readonly List<(string Phase, double Milliseconds, int Status)> _samples = [];
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    private volatile string _phase = "idle";

    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1.0 / requestsPerSecond);
        var inFlight = new List<Task>();
        var next = Stopwatch.GetTimestamp();
        var i = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            inFlight.Add(SendAsync(apiKeys[i++ % apiKeys.Count]));
            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var wait = TimeSpan.FromSeconds((next - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            inFlight.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(inFlight);
    }

    public LatencyFigure Figure(string phase)
    {
        List<(string Phase, double Milliseconds, int Status)> samples;
        lock (_samples)
        {
            samples = _samples.Where(s => s.Phase == phase).ToList();
        }

        var ok = samples.Where(s => s.Status == 200).Select(s => s.Milliseconds).ToArray();
        return new LatencyFigure(
            phase,
            samples.Count,
            samples.Count - ok.Length,
            Stats.Round(Stats.Median(ok), 2),
            Stats.Round(Stats.Percentile(ok, 99), 2),
            ok.Length == 0 ? double.NaN : Stats.Round(ok.Max(), 2));
    }

    private async Task SendAsync(string apiKey)
    {
        var phase = Phase;
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/reconciliation/runs?limit=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            using var response = await _client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            status = (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }

        var milliseconds = Stats.MicrosecondsSince(started) / 1000.0;
        lock (_samples)
        {
            _samples.Add((phase, milliseconds, status));
        }
    }
}

/// <summary>API latency in one phase: requests sent, failed (not 200), and the latency of the successful ones.</summary>
internal sealed record LatencyFigure(string Phase, int Requests, int Failed, double MedianMs, double P99Ms, double MaxMs);
