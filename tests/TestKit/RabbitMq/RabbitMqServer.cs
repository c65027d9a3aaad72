using System.Diagnostics;
using System.Runtime.InteropServices;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace OrleansFlows.TestKit.RabbitMq;

/// <summary>
/// Provides a throwaway RabbitMQ node to integration tests, started from the Debian <c>rabbitmq-server</c> package.
/// Use it as an xUnit collection or class fixture, or <see cref="StartThrowawayAsync"/> for a node a test stops and
/// starts again.
/// </summary>
/// <remarks>
/// <para>
/// The node runs as the current user (CI runs as root; RabbitMQ allows that) with everything it writes in a temp
/// folder: its database (<c>RABBITMQ_MNESIA_BASE</c>), its logs, and a private <c>HOME</c> for the Erlang cookie. Its
/// node name is unique, its AMQP and distribution ports are free 127.0.0.1 ports, and it reads none of the package's
/// configuration in <c>/etc/rabbitmq</c>. The shared <c>epmd</c> daemon is used (it serves many nodes). The node is
/// stopped and its folder deleted in <see cref="DisposeAsync"/>. The default <c>guest</c> user may connect from
/// loopback, which is all the tests need.
/// </para>
/// <para>
/// A node that cannot be provided does not fail the fixture itself: <see cref="IsAvailable"/> is false,
/// <see cref="UnavailableReason"/> says why, and <see cref="EnsureAvailable"/> throws.
/// </para>
/// </remarks>
public sealed class RabbitMqServer : IAsyncLifetime
{
    /// <summary>The environment variable that names another <c>rabbitmq-server</c> script.</summary>
    public const string ServerScriptVariable = "ORLEANSFLOWS_TEST_RABBITMQ_SERVER";

    private const string DebianServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private string? _rootDirectory;
    private string? _script;
    private string? _nodeName;
    private int _amqpPort;
    private int _distributionPort;
    private Process? _process;

    /// <summary>Whether a node is ready to use.</summary>
    public bool IsAvailable { get; private set; }

    /// <summary>Why no node is available, or <see langword="null"/> when one is.</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>The node's AMQP port on 127.0.0.1.</summary>
    public int Port
    {
        get
        {
            EnsureAvailable();
            return _amqpPort;
        }
    }

    /// <summary>An AMQP URI for the default virtual host as the <c>guest</c> user.</summary>
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    /// <summary>The node's temp folder (database, logs, cookie), deleted by <see cref="DisposeAsync"/>.</summary>
    public string Folder
    {
        get
        {
            EnsureAvailable();
            return _rootDirectory!;
        }
    }

    /// <summary>Whether the node's process is running (false between <see cref="StopAsync"/> and <see cref="StartAsync"/>).</summary>
    public bool IsRunning => _process is { HasExited: false };

    private string LogDirectory => Path.Combine(_rootDirectory!, "log");

    private string PidFile => Path.Combine(_rootDirectory!, "rabbitmq.pid");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            _script = Environment.GetEnvironmentVariable(ServerScriptVariable) is { Length: > 0 } named ? named : DebianServerScript;
            if (!File.Exists(_script))
            {
                throw new InvalidOperationException(
                    $"No RabbitMQ server script at {_script}. Install the Debian package (`apt-get install -y rabbitmq-server`) "
                    + $"or set {ServerScriptVariable} to a rabbitmq-server script.");
            }

            _rootDirectory = Directory.CreateTempSubdirectory("orleansflows-rabbitmq-").FullName;
            Directory.CreateDirectory(Path.Combine(_rootDirectory, "home"));
            _nodeName = $"of-test-{Guid.NewGuid():N}@localhost";
            _amqpPort = LoopbackPorts.Free();
            _distributionPort = LoopbackPorts.Free();
            await StartNodeAsync();
            IsAvailable = true;
        }
        catch (Exception ex)
        {
            // Deliberately broad: whatever stopped the node from coming up becomes the reason every test reports.
            UnavailableReason = ex.Message;
            await StopNodeAndDeleteAsync();
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => StopNodeAndDeleteAsync();

    /// <summary>Starts a node of its own, for tests that stop and start it. Dispose it to stop and delete it.</summary>
    /// <exception cref="InvalidOperationException">No node could be started; the message says why.</exception>
    public static async Task<RabbitMqServer> StartThrowawayAsync()
    {
        var server = new RabbitMqServer();
        await server.InitializeAsync();
        server.EnsureAvailable();
        return server;
    }

    /// <summary>Throws unless a node is available.</summary>
    /// <exception cref="InvalidOperationException">No node is available.</exception>
    public void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"RabbitMQ is not available: {UnavailableReason}");
        }
    }

    /// <summary>
    /// Stops the node, keeping its data (durable queues and their messages) and its port for <see cref="StartAsync"/>.
    /// </summary>
    /// <param name="abruptly">Kill the node (SIGKILL) instead of a clean shutdown (SIGTERM), as a crash would.</param>
    /// <exception cref="InvalidOperationException">The node is not running.</exception>
    public async Task StopAsync(bool abruptly = false)
    {
        EnsureAvailable();
        if (!IsRunning)
        {
            throw new InvalidOperationException("The RabbitMQ node is not running; only a running node can be stopped.");
        }

        await StopNodeAsync(abruptly ? SigKill : SigTerm);
    }

    /// <summary>Starts a node stopped by <see cref="StopAsync"/> again, on the same port and data.</summary>
    /// <exception cref="InvalidOperationException">The node is running, or did not start.</exception>
    public Task StartAsync()
    {
        EnsureAvailable();
        if (IsRunning)
        {
            throw new InvalidOperationException("The RabbitMQ node is already running.");
        }

        return StartNodeAsync();
    }

    /// <summary>Opens a connection to the node as <c>guest</c>, for tests that declare, publish and read directly.</summary>
    public Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = AmqpUri, ClientProvidedName = "orleansflows-tests" }.CreateConnectionAsync();

    private async Task StartNodeAsync()
    {
        var startInfo = new ProcessStartInfo(_script!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _rootDirectory,
        };
        var environment = startInfo.Environment;
        environment["HOME"] = Path.Combine(_rootDirectory!, "home");
        environment["RABBITMQ_NODENAME"] = _nodeName;
        environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        environment["RABBITMQ_NODE_PORT"] = _amqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_rootDirectory!, "mnesia");
        environment["RABBITMQ_LOG_BASE"] = LogDirectory;
        environment["RABBITMQ_PID_FILE"] = PidFile;
        // Files that do not exist: the node reads none of the package's configuration in /etc/rabbitmq.
        environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_rootDirectory!, "rabbitmq-env.conf");
        environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_rootDirectory!, "rabbitmq");
        environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_rootDirectory!, "advanced.config");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_rootDirectory!, "enabled_plugins");

        var output = new ProcessOutput();
        _process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {_script}.");
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, line) => output.Add(line.Data);
        _process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The RabbitMQ node {_nodeName} exited with code {_process.ExitCode} while starting.{Environment.NewLine}{output}");
            }

            try
            {
                await using var connection = await ConnectUncheckedAsync();
                return;
            }
            catch (BrokerUnreachableException) when (deadline.Elapsed < ReadyTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (BrokerUnreachableException ex)
            {
                throw new InvalidOperationException(
                    $"The RabbitMQ node {_nodeName} did not accept an AMQP connection on 127.0.0.1:{_amqpPort} within {ReadyTimeout}: "
                    + $"{ex.Message}{Environment.NewLine}{output}", ex);
            }
        }
    }

    private Task<IConnection> ConnectUncheckedAsync() =>
        new ConnectionFactory
        {
            Uri = new Uri($"amqp://guest:guest@127.0.0.1:{_amqpPort}/"),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
        }.CreateConnectionAsync();

    private async Task StopNodeAsync(int signal)
    {
        if (_process is null)
        {
            return;
        }

        // The script runs the Erlang VM as a child and writes its pid; signalling the VM itself makes SIGKILL a real crash.
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var vmPid))
        {
            _ = Kill(vmPid, signal);
        }
        else
        {
            _ = Kill(_process.Id, signal);
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    private async Task StopNodeAndDeleteAsync()
    {
        IsAvailable = false;
        if (_rootDirectory is null)
        {
            return;
        }

        try
        {
            await StopNodeAsync(SigTerm);
        }
        finally
        {
            Directory.Delete(_rootDirectory, recursive: true);
            _rootDirectory = null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private sealed class ProcessOutput
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }

        public override string ToString() => $"Node output:{Environment.NewLine}{string.Join(Environment.NewLine, _lines)}";
    }
}
