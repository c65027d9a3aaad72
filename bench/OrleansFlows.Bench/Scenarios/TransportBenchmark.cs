using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Request/response throughput and latency of the silo transport alone, over loopback in one process: a listener
/// that answers each 100-byte request with itself, and callers sharing one authenticated connection.
/// </summary>
/// <remarks>Usage: <c>transport [--concurrency N] [--window-seconds S] [--runs N] [--tls]</c>.</remarks>
internal static class TransportBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var concurrency = Option(args, "--concurrency", 256);
        var window = TimeSpan.FromSeconds(Option(args, "--window-seconds", 2));
        var runs = Option(args, "--runs", 5);
        var options = new TransportOptions { ClusterSecret = "bench-cluster-secret-0123456789" };

        await using var listener = new SiloTransportListener(new IPEndPoint(IPAddress.Loopback, 0), options, new EchoHandler(), NullLogger.Instance);
        listener.Start();
        await using var connection = await SiloConnection.ConnectAsync($"127.0.0.1:{listener.LocalEndpoint.Port}", options);
        var payload = new byte[100];

        log.WriteLine($"silo transport, loopback, one connection, {Environment.ProcessorCount} cores, {concurrency} outstanding, {runs} × {window.TotalSeconds} s windows");
        await Throughput(connection, payload, concurrency, window); // warm-up
        var rates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            rates.Add(await Throughput(connection, payload, concurrency, window));
            log.WriteLine($"  window {run + 1}: {rates[^1]:N0} calls/s");
        }

        var latencies = new List<double>();
        for (var i = 0; i < 20_000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await connection.SendAsync(payload);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        latencies.Sort();
        rates.Sort();
        log.WriteLine($"median {rates[rates.Count / 2]:N0} calls/s (min {rates[0]:N0}, max {rates[^1]:N0}); one caller: p50 {latencies[latencies.Count / 2]:N0} µs, p99 {latencies[(int)(latencies.Count * 0.99)]:N0} µs");
        return 0;
    }

    private static async Task<double> Throughput(SiloConnection connection, byte[] payload, int concurrency, TimeSpan window)
    {
        long calls = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                await connection.SendAsync(payload);
                Interlocked.Increment(ref calls);
            }
        }));
        return calls / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }

    private sealed class EchoHandler : ISiloRequestHandler
    {
        public Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
            Task.FromResult(request);
    }
}
