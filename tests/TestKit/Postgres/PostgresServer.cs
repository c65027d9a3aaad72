using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Xunit;

namespace OrleansFlows.TestKit.Postgres;

/// <summary>
/// Provides a PostgreSQL server to integration tests. Use it as an xUnit collection fixture
/// (one server per test assembly); each test class creates its own database with
/// <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// If <c>ORLEANSFLOWS_TEST_POSTGRES</c> holds an Npgsql connection string (for a role that may create
/// and drop databases), that server is used. Otherwise a throwaway server is created with <c>initdb</c>
/// in a temp folder, started with <c>pg_ctl</c> on a free 127.0.0.1 port, and stopped and deleted in
/// <see cref="DisposeAsync"/>. The binaries come from PATH, otherwise from the highest
/// <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>. PostgreSQL refuses to run as root, so as root every
/// command runs as the <c>postgres</c> system user through <c>runuser</c>.
/// </para>
/// <para>
/// A server that cannot be provided does not fail the fixture itself: <see cref="IsAvailable"/> is false,
/// <see cref="UnavailableReason"/> says why, and <see cref="EnsureAvailable"/> throws. Tests always fail
/// then (xUnit v2 has no dynamic skip); only the message differs between CI and a developer machine.
/// </para>
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The environment variable that points the tests at an existing server.</summary>
    public const string ConnectionStringVariable = "ORLEANSFLOWS_TEST_POSTGRES";

    private const string SystemUser = "postgres";
    private const string DatabaseNamePrefix = "test_";
    private const int MaxIdentifierLength = 63;
    private const int RandomSuffixLength = 12;
    private const int StartAttempts = 3;
    private const string DebianInstallRoot = "/usr/lib/postgresql";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private NpgsqlDataSource? _admin;
    private string? _adminConnectionString;

    // Set only while a throwaway server (or its temp folder) exists.
    private string? _rootDirectory;
    private string? _binDirectory;
    private bool _runAsSystemUser;
    private bool _serverStarted;

    // Set by StartThrowawayAsync: the server must be one this fixture can stop, whatever the environment names.
    private bool _throwawayOnly;

    /// <summary>
    /// Whether a throwaway server keeps <c>fsync</c> on, so that a commit returns only once it is on disk (for
    /// benchmarks that report durable figures). Off by default: tests run faster with <c>fsync=off</c>. It has no
    /// effect on a server named by <see cref="ConnectionStringVariable"/>.
    /// </summary>
    public bool KeepFsync { get; init; }

    /// <summary>Whether a server is ready to use.</summary>
    public bool IsAvailable => _admin is not null;

    /// <summary>Why no server is available, or <see langword="null"/> when one is.</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>A connection string to the server's maintenance database (<c>postgres</c>).</summary>
    public string AdminConnectionString
    {
        get
        {
            EnsureAvailable();
            return _adminConnectionString!;
        }
    }

    private string DataDirectory => Path.Combine(_rootDirectory!, "data");

    private string LogFile => Path.Combine(_rootDirectory!, "postgres.log");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var external = _throwawayOnly ? null : Environment.GetEnvironmentVariable(ConnectionStringVariable);
        try
        {
            var connectionString = string.IsNullOrWhiteSpace(external)
                ? await StartThrowawayServerAsync()
                : UseExternalServer(external);
            var admin = NpgsqlDataSource.Create(connectionString);
            try
            {
                await WaitUntilAcceptingAsync(admin);
            }
            catch
            {
                await admin.DisposeAsync();
                throw;
            }

            _adminConnectionString = connectionString;
            _admin = admin;
        }
        catch (Exception ex)
        {
            // Deliberately broad: whatever stopped the server from coming up becomes the reason that
            // EnsureAvailable reports in every test, instead of a bare fixture failure.
            UnavailableReason = string.IsNullOrWhiteSpace(external)
                ? ex.Message
                : $"{ConnectionStringVariable} is set, but its server cannot be used: {ex.Message}";
            try
            {
                await StopThrowawayServerAsync();
            }
            catch (Exception cleanupEx)
            {
                UnavailableReason += $" (Cleaning up the throwaway server also failed: {cleanupEx.Message})";
            }
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
            _admin = null;
        }

        await StopThrowawayServerAsync();
    }

    /// <summary>
    /// Starts a throwaway server of its own, even when <see cref="ConnectionStringVariable"/> is set, for tests that stop
    /// and restart it with <see cref="StopAsync"/> and <see cref="StartAsync"/>. Dispose it to stop and delete it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No server could be started; the message says why.</exception>
    public static async Task<PostgresServer> StartThrowawayAsync()
    {
        var server = new PostgresServer { _throwawayOnly = true };
        await server.InitializeAsync();
        if (!server.IsAvailable)
        {
            await server.DisposeAsync();
            server.EnsureAvailable();
        }

        return server;
    }

    /// <summary>
    /// Stops a throwaway server (fast shutdown: open connections are closed), keeping its data and port for
    /// <see cref="StartAsync"/>. For tests of a store that goes away.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is not a running throwaway server.</exception>
    public async Task StopAsync()
    {
        if (!_serverStarted || _rootDirectory is null)
        {
            throw new InvalidOperationException(
                $"Only a running throwaway server can be stopped; this one is {(IsAvailable ? $"named by {ConnectionStringVariable} or already stopped" : "not available")}.");
        }

        await RunServerToolAsync("pg_ctl", ["stop", "-w", "-D", DataDirectory, "-m", "fast"]);
        _serverStarted = false;
    }

    /// <summary>Starts a throwaway server stopped by <see cref="StopAsync"/> again, on the same port and data.</summary>
    /// <exception cref="InvalidOperationException">The server was not stopped by <see cref="StopAsync"/>, or did not start.</exception>
    public async Task StartAsync()
    {
        if (_serverStarted || _rootDirectory is null || _admin is null)
        {
            throw new InvalidOperationException("Only a throwaway server stopped by StopAsync can be started again.");
        }

        // 'restart' on a stopped server starts it with the options it last ran with (postmaster.opts): same port and settings.
        try
        {
            await RunServerToolAsync("pg_ctl", ["restart", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile]);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{ReadLog()}", ex);
        }

        _serverStarted = true;
        await WaitUntilAcceptingAsync(_admin);
    }

    /// <summary>
    /// Throws unless a server is available. On CI (<c>CI=true</c>) a missing server is a failure; elsewhere
    /// the message says how to provide one.
    /// </summary>
    /// <exception cref="InvalidOperationException">No server is available.</exception>
    public void EnsureAvailable()
    {
        if (IsAvailable)
        {
            return;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        throw new InvalidOperationException(onCi
            ? $"PostgreSQL is required on CI (CI=true) but no server could be provided: {UnavailableReason}"
            : $"PostgreSQL is not available: {UnavailableReason}{Environment.NewLine}To run these tests, install the server binaries "
              + $"(for example `apt-get install -y postgresql`; initdb and pg_ctl are looked up on PATH and in "
              + $"{DebianInstallRoot}/<major>/bin), or set {ConnectionStringVariable} to an Npgsql connection "
              + "string for a role that may create and drop databases.");
    }

    /// <summary>
    /// Creates a fresh, empty database named <c>test_{prefix}_{random}</c> and returns a connection string to it.
    /// </summary>
    /// <param name="prefix">Usually the test class name; lower-cased, with anything outside [a-z0-9_] replaced by '_'.</param>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        EnsureAvailable();

        var name = MakeDatabaseName(prefix);
        await using (var command = _admin!.CreateCommand($"CREATE DATABASE {QuoteIdentifier(name)}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/>, closing any connections still open to it.
    /// </summary>
    /// <param name="connectionString">The connection string that <see cref="CreateDatabaseAsync"/> returned.</param>
    public async Task DropDatabaseAsync(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        EnsureAvailable();

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !name.StartsWith(DatabaseNamePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Only databases made by {nameof(CreateDatabaseAsync)} (named '{DatabaseNamePrefix}…') may be dropped, not '{name}'.",
                nameof(connectionString));
        }

        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var command = _admin!.CreateCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    internal static string MakeDatabaseName(string prefix)
    {
        var sanitized = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            sanitized.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        var maxPrefixLength = MaxIdentifierLength - DatabaseNamePrefix.Length - 1 - RandomSuffixLength;
        if (sanitized.Length > maxPrefixLength)
        {
            sanitized.Length = maxPrefixLength;
        }

        var suffix = Guid.NewGuid().ToString("N")[..RandomSuffixLength];
        return $"{DatabaseNamePrefix}{sanitized}_{suffix}";
    }

    private static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string UseExternalServer(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        return builder.ConnectionString;
    }

    private static async Task WaitUntilAcceptingAsync(NpgsqlDataSource dataSource)
    {
        // pg_ctl -w already waits for the postmaster; this also covers an external server that is still
        // starting, and proves that TCP (not only the unix socket) accepts connections.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync();
                return;
            }
            catch (NpgsqlException ex) when (deadline.Elapsed < ReadyTimeout && ex.IsTransient)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (NpgsqlException ex)
            {
                // Names host, port and database only: the connection string may hold a password.
                var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
                var failure = ex.IsTransient ? $"did not accept a connection within {ReadyTimeout}" : "refused the connection";
                throw new InvalidOperationException(
                    $"PostgreSQL at {target.Host}:{target.Port}/{target.Database} {failure}: {ex.Message}", ex);
            }
        }
    }

    private async Task<string> StartThrowawayServerAsync()
    {
        _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries were found: initdb and pg_ctl are neither on PATH nor in {DebianInstallRoot}/<major>/bin.");
        _runAsSystemUser = Environment.IsPrivilegedProcess || Environment.UserName == "root";
        _rootDirectory = Directory.CreateTempSubdirectory("orleansflows-pg-").FullName;
        if (_runAsSystemUser)
        {
            await EnsureSystemUserExistsAsync();
            await RunAsync("chown", [SystemUser, _rootDirectory]);
        }

        await RunServerToolAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // Another process may take the port between probing and binding it; retry only that case.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Free();
            try
            {
                await RunServerToolAsync("pg_ctl", [
                    "start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile,
                    "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k '{_rootDirectory}'{(KeepFsync ? "" : " -c fsync=off")} -c max_connections=300",
                ]);
                _serverStarted = true;
                return new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                    IncludeErrorDetail = true,
                }.ConnectionString;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && ReadLog().Contains("Address already in use", StringComparison.Ordinal))
            {
                // The next attempt probes a new port; the log keeps this attempt's lines for a later failure.
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{ReadLog()}", ex);
            }
        }
    }

    private async Task StopThrowawayServerAsync()
    {
        if (_rootDirectory is null)
        {
            return;
        }

        try
        {
            if (_serverStarted)
            {
                await RunServerToolAsync("pg_ctl", ["stop", "-w", "-D", DataDirectory, "-m", "immediate"]);
                _serverStarted = false;
            }
        }
        finally
        {
            Directory.Delete(_rootDirectory, recursive: true);
            _rootDirectory = null;
        }
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log written)";

    private static string? FindBinDirectory()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasServerBinaries(directory))
            {
                return directory;
            }
        }

        if (!Directory.Exists(DebianInstallRoot))
        {
            return null;
        }

        // Folder names are major versions ("15", or "9.6" before PostgreSQL 10): compare them as numbers.
        return Directory.EnumerateDirectories(DebianInstallRoot)
            .Select(version => (
                Bin: Path.Combine(version, "bin"),
                IsVersion: decimal.TryParse(Path.GetFileName(version), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major),
                Major: major))
            .Where(candidate => candidate.IsVersion && HasServerBinaries(candidate.Bin))
            .OrderByDescending(candidate => candidate.Major)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static async Task EnsureSystemUserExistsAsync()
    {
        var lookup = await RunAsync("id", ["-u", SystemUser], throwOnFailure: false);
        if (lookup.ExitCode != 0)
        {
            await RunAsync("useradd", ["--system", SystemUser]);
        }
    }

    private Task<ProcessResult> RunServerToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binDirectory!, tool);
        return _runAsSystemUser
            ? RunAsync("runuser", ["-u", SystemUser, "--", executable, .. arguments], workingDirectory: _rootDirectory)
            : RunAsync(executable, arguments, workingDirectory: _rootDirectory);
    }

    private static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, bool throwOnFailure = true, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user cannot always enter the caller's directory.
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = $"{fileName} {string.Join(' ', arguments)}";
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{commandLine}`.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(CommandTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"`{commandLine}` did not finish within {CommandTimeout}.");
            }
        }

        var result = new ProcessResult(process.ExitCode, await stdout, await stderr);
        if (throwOnFailure && result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{commandLine}` exited with code {result.ExitCode}.{Environment.NewLine}"
                + $"stdout:{Environment.NewLine}{result.Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{result.Stderr}");
        }

        return result;
    }

    private sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
}
