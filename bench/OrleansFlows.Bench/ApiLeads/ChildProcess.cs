using System.Diagnostics;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// A process the benchmark started (the product, the stand-ins, the load generator): its pid for <c>/proc</c>, its last
/// output lines for error messages, a count of the log lines it wrote at warning level or above, and each line handed to
/// an optional callback as it arrives.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly Action<string>? _onLine;
    private readonly Queue<string> _lastLines = new();
    private int _warnings;
    private int _errors;

    private ChildProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Lines in the console logger's format for <c>Warning</c> (<c>warn:</c>) so far.</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Lines in the console logger's format for <c>Error</c> or <c>Critical</c> (<c>fail:</c>, <c>crit:</c>) so far.</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>The last output lines, for error messages.</summary>
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

    /// <summary>Writes to the process's standard input (started with <c>keepInputOpen</c>).</summary>
    public StreamWriter Input => _process.StandardInput;

    /// <summary>Starts <c>dotnet {dll} {arguments}</c>; the app runs in that process (the muxer loads the runtime in place), so its pid is the app's.</summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Action<string>? onLine = null, bool keepInputOpen = false)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built; run 'dotnet build -c Release bench/OrleansFlows.Bench' and 'dotnet build -c Release src/Api' first.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = keepInputOpen,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start.");
        return new ChildProcess(process, onLine);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Ends the process: closes its input if it was kept open and gives it 5 s to stop on its own, then kills it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && _process.StartInfo.RedirectStandardInput)
        {
            try
            {
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is IOException or TimeoutException)
            {
                // Killed below.
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }

        _onLine?.Invoke(line);
    }
}
