using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OrleansFlows.Api.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Each command README.md gives for <c>deploy/local/cluster.sh</c>, in the README's order on one cluster: start,
/// status, kill-silo N, restart-silo N, db-stop, db-start, stop; and the failures an operator meets first (a busy port, a wrong silo
/// number, no arguments).
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
[TestCaseOrderer(ByMethodName.Type, ByMethodName.Assembly)]
public sealed class LocalClusterScriptTests(LocalClusterScriptTests.RunningCluster cluster) : IClassFixture<LocalClusterScriptTests.RunningCluster>
{
    private static readonly TimeSpan DeathWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_NoCommand_PrintsTheUsageWithEveryCommandAndSwitch()
    {
        var script = new LocalClusterScript();
        var usage = await script.RunAsync("", TimeSpan.FromSeconds(30));

        Assert.Equal(2, usage.ExitCode);
        foreach (var word in new[] { "start", "status", "kill-silo N", "restart-silo N", "rolling-restart", "db-stop", "db-start", "stop", "ALLOW_PRIVATE_NETWORKS", "SILO_HEALTH_BASE_PORT", "PROBE_TIMEOUT", "MISSED_PROBES_LIMIT", "TABLE_REFRESH_TIMEOUT", "GATEWAY_BASE_PORT" })
        {
            Assert.Contains(word, usage.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task B_Start_OnABusyPostgresPort_NamesThePortAndLeavesNothingBehind()
    {
        var script = new LocalClusterScript();
        using var squatter = new TcpListener(IPAddress.Loopback, script.PostgresPort);
        squatter.Start();
        try
        {
            var start = await script.RunAsync("start", TimeSpan.FromSeconds(60));

            Assert.True(start.ExitCode != 0, start.ToString());
            Assert.Contains($"PostgreSQL port {script.PostgresPort} (PG_PORT)", start.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(script.StateDirectory, "cluster.env")), "start left a cluster.env behind");
            Assert.False(Directory.Exists(Path.Combine(script.StateDirectory, "pg")), "start left a PostgreSQL folder behind");

            // Nothing half-made: status says no cluster runs, and start works once the port is free.
            var status = await script.RunAsync("status", TimeSpan.FromSeconds(30));
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("no cluster runs", status.Output, StringComparison.Ordinal);
        }
        finally
        {
            squatter.Stop();
            script.DeleteState();
        }
    }

    [Fact]
    public async Task C_Start_StartsEveryProcessWithItsAppSettingsAndNoSchemaRace()
    {
        Assert.True(cluster.Start.ExitCode == 0, $"cluster.sh start failed: {cluster.Start}");
        Assert.Contains($"logs: {cluster.Script.LogDirectory}", cluster.Start.Output, StringComparison.Ordinal);
        var settings = cluster.Script.ReadSettings();
        foreach (var key in new[] { "API_URL", "API_URLS", "OPERATOR_KEY", "PG_CONNECTION", "LOG_DIR", "SILO1_PID", "SILO2_PID", "SILO3_PID", "API1_PID", "API2_PID" })
        {
            Assert.True(settings.TryGetValue(key, out var value) && value.Length > 0, $"cluster.env has no {key}");
        }

        // Every API answers; requests are not logged one by one (src/Api/appsettings.json: Microsoft.AspNetCore at Warning).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var url in settings["API_URLS"].Split(' '))
        {
            for (var i = 0; i < 3; i++)
            {
                using var ready = await http.GetAsync(new Uri(new Uri(url), "/health/ready"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
        }

        // Every silo serves its health routes on its own port, ready once it is Active.
        for (var n = 1; n <= 3; n++)
        {
            using var siloReady = await http.GetAsync(cluster.Script.SiloHealthUrl(n, "/health/ready"));
            Assert.Equal(HttpStatusCode.OK, siloReady.StatusCode);
        }

        var apiLogs = cluster.Script.ReadLogs("api");
        Assert.DoesNotContain("Request starting", apiLogs, StringComparison.Ordinal);
        Assert.Contains($"Content root path: {Path.Combine(BuiltApi.RepositoryRoot(), "src", "Api", "bin", BuiltApi.Configuration, "net10.0")}", apiLogs, StringComparison.Ordinal);

        // The silos created the schema under an advisory lock before Orleans started: no silo met a missing table,
        // and Orleans' option dumps stay below Warning (appsettings.json: Orleans at Warning).
        var siloLogs = cluster.Script.ReadLogs("silo");
        Assert.Contains(Path.Combine("src", "Silo", "bin", BuiltApi.Configuration, "net10.0"), siloLogs, StringComparison.Ordinal);
        Assert.DoesNotContain("a table is missing", siloLogs + apiLogs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Restart the silo", siloLogs + apiLogs, StringComparison.Ordinal);
        Assert.DoesNotContain("Orleans.Configuration.", siloLogs + apiLogs, StringComparison.Ordinal);

        // No certificate is set: each silo tells the operator at start-up that cluster traffic is plain.
        Assert.Contains("Cluster traffic between silos and clients is plain TCP", siloLogs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task D_Status_ListsPostgresEverySiloEveryApiAndTheMembershipTable()
    {
        var status = await cluster.Script.RunAsync("status", TimeSpan.FromSeconds(30));

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("postgres: running", status.Output, StringComparison.Ordinal);
        for (var n = 1; n <= 3; n++)
        {
            Assert.Contains($"silo {n}: running", status.Output, StringComparison.Ordinal);
            Assert.Equal("Active", MembershipStatus(status.Output, cluster.Script.SiloPort(n)));
        }

        Assert.Contains("api 1: running", status.Output, StringComparison.Ordinal);
        Assert.Contains("api 2: running", status.Output, StringComparison.Ordinal);
        Assert.Contains(cluster.Script.LogDirectory, status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task E_KillSilo_KillsItAndTheOthersDeclareItDeadWithinTheProbeTimeouts()
    {
        var pid = int.Parse(cluster.Script.ReadSettings()["SILO2_PID"], System.Globalization.CultureInfo.InvariantCulture);

        var kill = await cluster.Script.RunAsync("kill-silo 2", TimeSpan.FromSeconds(30));

        Assert.True(kill.ExitCode == 0, kill.ToString());
        Assert.True(await ExitsWithinAsync(pid, TimeSpan.FromSeconds(10)), $"silo 2 (pid {pid}) still runs");
        var clock = Stopwatch.StartNew();
        string status;
        do
        {
            await Task.Delay(500);
            status = (await cluster.Script.RunAsync("status", TimeSpan.FromSeconds(30))).Output;
        }
        while (MembershipStatus(status, cluster.Script.SiloPort(2)) != "Dead" && clock.Elapsed < DeathWithin);

        Assert.True(MembershipStatus(status, cluster.Script.SiloPort(2)) == "Dead", $"silo 2 was not declared dead within {DeathWithin}:\n{status}");
        Assert.Contains("silo 2: not running", status, StringComparison.Ordinal);
        Assert.Equal("Active", MembershipStatus(status, cluster.Script.SiloPort(1)));
        Assert.Equal("Active", MembershipStatus(status, cluster.Script.SiloPort(3)));

        var again = await cluster.Script.RunAsync("kill-silo 2", TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("silo 2 is not running", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task F_RestartSilo_StartsItAgainUnderANewGenerationAndWaitsUntilItIsActive()
    {
        Assert.NotEqual(0, (await cluster.Script.RunAsync("restart-silo 4", TimeSpan.FromSeconds(30))).ExitCode);
        var running = await cluster.Script.RunAsync("restart-silo 1", TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, running.ExitCode);
        Assert.Contains("silo 1 is running", running.Error, StringComparison.Ordinal);

        var restart = await cluster.Script.RunAsync("restart-silo 2", TimeSpan.FromSeconds(100));

        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.DoesNotContain("unbound variable", restart.All, StringComparison.Ordinal);
        var status = (await cluster.Script.RunAsync("status", TimeSpan.FromSeconds(30))).Output;
        Assert.Contains("silo 2: running", status, StringComparison.Ordinal);
        Assert.Equal("Active", MembershipStatus(status, cluster.Script.SiloPort(2)));
        Assert.Equal(cluster.Script.ReadSettings()["SILO2_PID"], Regex.Match(status, @"silo 2: running \(pid (\d+)").Groups[1].Value);
    }

    [Fact]
    public async Task G1_DbStop_StopsPostgresAndLeavesEverySiloAndApiRunning()
    {
        var settings = cluster.Script.ReadSettings();

        var stop = await cluster.Script.RunAsync("db-stop", TimeSpan.FromSeconds(60));

        Assert.True(stop.ExitCode == 0, stop.ToString());
        var status = (await cluster.Script.RunAsync("status", TimeSpan.FromSeconds(30))).Output;
        Assert.Contains("postgres: not running", status, StringComparison.Ordinal);
        Assert.Contains("(PostgreSQL does not answer)", status, StringComparison.Ordinal);
        for (var n = 1; n <= 3; n++)
        {
            Assert.Contains($"silo {n}: running (pid {settings[$"SILO{n}_PID"]}", status, StringComparison.Ordinal);
        }

        Assert.Contains($"api 1: running (pid {settings["API1_PID"]}", status, StringComparison.Ordinal);
        var again = await cluster.Script.RunAsync("db-stop", TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("PostgreSQL is not running", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task G2_DbStart_StartsPostgresAgainWithTheClustersData()
    {
        var start = await cluster.Script.RunAsync("db-start", TimeSpan.FromSeconds(60));

        Assert.True(start.ExitCode == 0, start.ToString());
        var status = (await cluster.Script.RunAsync("status", TimeSpan.FromSeconds(30))).Output;
        Assert.Contains("postgres: running", status, StringComparison.Ordinal);
        for (var n = 1; n <= 3; n++)
        {
            Assert.NotNull(MembershipStatus(status, cluster.Script.SiloPort(n)));
        }

        var again = await cluster.Script.RunAsync("db-start", TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("PostgreSQL is running", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task H_Stop_StopsEveryProcessDeletesTheStateAndKeepsTheLogs()
    {
        var settings = cluster.Script.ReadSettings();
        var pids = settings.Where(s => s.Key.EndsWith("_PID", StringComparison.Ordinal)).Select(s => int.Parse(s.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var stop = await cluster.Script.RunAsync("stop", TimeSpan.FromMinutes(1));

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains($"logs kept in {cluster.Script.LogDirectory}", stop.Output, StringComparison.Ordinal);
        foreach (var pid in pids)
        {
            Assert.True(await ExitsWithinAsync(pid, TimeSpan.FromSeconds(5)), $"pid {pid} still runs after stop");
        }

        Assert.Equal(["logs"], Directory.GetFileSystemEntries(cluster.Script.StateDirectory).Select(Path.GetFileName));
        foreach (var log in new[] { "postgres.log", "silo1.log", "silo2.log", "silo3.log", "api1.log", "api2.log" })
        {
            Assert.True(File.Exists(Path.Combine(cluster.Script.LogDirectory, log)), $"{log} was not kept");
        }

        Assert.Contains("no cluster runs", (await cluster.Script.RunAsync("status", TimeSpan.FromSeconds(30))).Output, StringComparison.Ordinal);
    }

    // The status column of the newest membership row of the silo on this port, as 'cluster.sh status' prints it.
    private static string? MembershipStatus(string status, int port) =>
        status.Split('\n')
            .Select(line => line.Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length >= 5 && cells[1] == $"127.0.0.1:{port}")
            .OrderBy(cells => long.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture))
            .Select(cells => cells[4])
            .LastOrDefault();

    private static async Task<bool> ExitsWithinAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}") && !IsZombie(pid))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>One cluster for the class, started before the first test (its result is checked by the start test) and stopped after the last.</summary>
    public sealed class RunningCluster : IAsyncLifetime
    {
        public LocalClusterScript Script { get; } = new(apiProcesses: 2);

        public ScriptRun Start { get; private set; } = null!;

        public async Task InitializeAsync() => Start = await Script.RunAsync("start", TimeSpan.FromMinutes(2));

        public async Task DisposeAsync()
        {
            await Script.RunAsync("stop", TimeSpan.FromMinutes(1));
            Script.DeleteState();
        }
    }
}

/// <summary>Runs a class's tests in the order of their method names, for tests that walk one cluster through its commands.</summary>
public sealed class ByMethodName : ITestCaseOrderer
{
    public const string Type = "OrleansFlows.Api.Tests.Cluster.ByMethodName";
    public const string Assembly = "OrleansFlows.Api.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
