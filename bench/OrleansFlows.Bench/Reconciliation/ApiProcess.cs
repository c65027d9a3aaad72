using System.Diagnostics;
using System.Net;
using OrleansFlows.TestKit;

namespace OrleansFlows.Bench.Reconciliation;

/// <summary>
/// The product's REST host (src/Api, built in Release) as its own process on 127.0.0.1, so the latency the benchmark
/// measures is what a client of the real API sees, over real HTTP, while the co-hosted silo runs the batches.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>The API's last output lines, for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join(Environment.NewLine, _lastLines);
            }
        }
    }

    public static async Task<ApiProcess> StartAsync(string repositoryRoot, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(repositoryRoot, "src", "Api", "bin", "Release", "net10.0", "OrleansFlows.Api.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The API is not built at {dll}; run 'dotnet build -c Release' first.", dll);
        }

        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}"; // appsettings.json sets Urls, which ASPNETCORE_URLS does not override
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The API process did not start.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await api.WaitReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode}:{Environment.NewLine}{Tail}");
            }

            try
            {
                if ((await client.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API was not ready within {timeout}:{Environment.NewLine}{Tail}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
