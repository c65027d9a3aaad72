using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansFlows.Api.Tests.Support;
using Xunit.Abstractions;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Real processes: <c>deploy/local/cluster.sh</c> starts PostgreSQL, three silo processes and one client-mode API.
/// Signed webhooks flow in at a steady rate while PostgreSQL is stopped for 20 s and started again. While it is down
/// every request answers 503 with Retry-After (never 500, never hanging) and the API stays ready (its database route
/// reports the outage); every lead the API acknowledged completes afterwards, and no process is restarted.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private const int Webhooks = 400;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan OutageStartsAt = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    // Every answer comes well within Orleans' response timeout (30 s); a request still open after the client's timeout
    // counts as no answer.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan CompletedWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveredWithin = TimeSpan.FromSeconds(20);

    private readonly LocalClusterScript _cluster = new(apiProcesses: 1);
    private readonly ITestOutputHelper _output;
    private bool _passed;

    public DatabaseOutageTests(ITestOutputHelper output)
    {
        _output = output;

        // A lead whose step outcome could not be recorded while the database was down runs the step again once it is
        // overdue: its timeout plus this margin (product default 2 minutes).
        _cluster.Environment["RESUME_MARGIN"] = "00:00:03";
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.RunAsync("stop", TimeSpan.FromMinutes(2));

        // After a failure the processes' logs stay in the state folder's logs/.
        if (_passed)
        {
            _cluster.DeleteState();
        }
    }

    [Fact]
    public async Task PostgresStoppedFor20SecondsUnderLoad_Answers503WithRetryAfterAndEveryAcknowledgedLeadCompletes()
    {
        var start = await _cluster.RunAsync("start", TimeSpan.FromMinutes(2));
        Assert.True(start.ExitCode == 0, $"cluster.sh start failed: {start}");
        var settings = _cluster.ReadSettings();
        var pids = settings.Where(s => s.Key.EndsWith("_PID", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(4, pids.Count);

        using var api = new HttpClient { BaseAddress = new Uri(settings["API_URL"]), Timeout = ClientTimeout };
        var (tenantId, apiKey) = await CreateTenantAsync(api, settings["OPERATOR_KEY"]);
        using var tenant = new HttpClient { BaseAddress = api.BaseAddress, Timeout = ClientTimeout };
        tenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using (var publish = await tenant.PutAsJsonAsync("/v1/workflows/intake", TestWorkflows.TransformAndStore()))
        {
            Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        }

        using var secretResponse = await tenant.PostAsync("/v1/webhook-secrets", null);
        Assert.True(secretResponse.IsSuccessStatusCode, await secretResponse.Content.ReadAsStringAsync());
        var secret = (await secretResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        // Webhooks at a steady rate, each answered or failed on its own; PostgreSQL goes down a quarter of the way in.
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<Answer>();
        var senders = Enumerable.Range(0, Webhooks).Select(async i =>
        {
            var due = Interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            answers.Add(await SendAsync(api, clock, tenantId, secret, i));
        }).ToList();

        await Task.Delay(OutageStartsAt);
        var stopped = await _cluster.RunAsync("db-stop", TimeSpan.FromSeconds(60));
        Assert.True(stopped.ExitCode == 0, $"cluster.sh db-stop failed: {stopped}");
        var downAt = clock.Elapsed;
        // The API stays ready (connected to its gateways) and reports the database on its own route: a load balancer
        // keeps sending requests, which answer 503 with Retry-After instead of connections refused.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await AssertHealthAsync(api, "/health/ready", HttpStatusCode.OK);
        await AssertHealthAsync(api, "/health/db", HttpStatusCode.ServiceUnavailable);
        await AssertHealthAsync(api, "/health/live", HttpStatusCode.OK);
        await Task.Delay(Outage - TimeSpan.FromSeconds(3));
        var restarting = clock.Elapsed;
        var started = await _cluster.RunAsync("db-start", TimeSpan.FromSeconds(60));
        Assert.True(started.ExitCode == 0, $"cluster.sh db-start failed: {started}");
        var upAt = clock.Elapsed;
        await Task.WhenAll(senders);

        var all = answers.OrderBy(a => a.Index).ToList();
        string Summary() =>
            $"outage {downAt.TotalSeconds:F1}-{upAt.TotalSeconds:F1} s; answers: " +
            string.Join(", ", all.GroupBy(a => a.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));
        _output.WriteLine(Summary());
        Assert.Equal(Webhooks, all.Count);

        // Every answer is an acknowledgement or a 503 with Retry-After, in time.
        var wrong = all.Where(a => a.Status is not (202 or 200 or 503)).ToList();
        Assert.True(wrong.Count == 0, $"{Summary()}\nNot 202, 200 or 503:\n{string.Join('\n', wrong.Take(10))}");
        var slow = all.Where(a => a.Took > AnswerWithin).ToList();
        Assert.True(slow.Count == 0, $"{Summary()}\nAnswered after more than {AnswerWithin.TotalSeconds} s:\n{string.Join('\n', slow.Take(10))}");
        var noRetryAfter = all.Where(a => a.Status == 503 && a.RetryAfter is null).ToList();
        Assert.True(noRetryAfter.Count == 0, $"{Summary()}\n503 without Retry-After:\n{string.Join('\n', noRetryAfter.Take(10))}");

        // A request sent once PostgreSQL was down and answered before it was started again can't have been acknowledged:
        // an acknowledgement means the lead's state and rows were committed.
        var duringOutage = all.Where(a => a.SentAt > downAt && a.SentAt + a.Took < restarting).ToList();
        Assert.True(duringOutage.Count > 50, $"{Summary()}\nonly {duringOutage.Count} requests fell within the outage");
        var acknowledgedWhileDown = duringOutage.Where(a => a.Status != 503).ToList();
        Assert.True(acknowledgedWhileDown.Count == 0, $"{Summary()}\nNot 503 while PostgreSQL was down:\n{string.Join('\n', acknowledgedWhileDown.Take(10))}");

        // Before the outage the cluster accepted leads, and it accepts them again once PostgreSQL is back.
        Assert.Contains(all, a => a.SentAt < downAt && a.Status == 202);
        var recovered = Stopwatch.StartNew();
        Answer after;
        do
        {
            after = await SendAsync(api, clock, tenantId, secret, Webhooks + (int)(recovered.Elapsed.TotalSeconds * 2));
            if (after.Status is not (202 or 200))
            {
                Assert.True(after.Status == 503 && recovered.Elapsed < RecoveredWithin, $"{Summary()}\nafter the outage: {after}");
                await Task.Delay(500);
            }
        }
        while (after.Status is not (202 or 200));

        all.Add(after);
        await AssertHealthAsync(api, "/health/db", HttpStatusCode.OK);
        await AssertHealthAsync(api, "/health/ready", HttpStatusCode.OK);

        // No process was restarted: the pids the script started are the ones running, and every silo is still Active.
        var status = await _cluster.RunAsync("status", TimeSpan.FromSeconds(30));
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("postgres: running", status.Output, StringComparison.Ordinal);
        for (var n = 1; n <= 3; n++)
        {
            Assert.True(ProcessRuns(pids[$"SILO{n}_PID"]), $"silo {n} (pid {pids[$"SILO{n}_PID"]}) exited:\n{status.Output}");
            Assert.Equal(pids[$"SILO{n}_PID"], Regex.Match(status.Output, $@"silo {n}: running \(pid (\d+)").Groups[1].Value);
            Assert.True(ActiveGenerations(status.Output, _cluster.SiloPort(n)) == 1, $"silo {n} is not Active under its one generation:\n{status.Output}");
        }

        Assert.True(ProcessRuns(pids["API1_PID"]), $"the API (pid {pids["API1_PID"]}) exited:\n{status.Output}");
        Assert.Equal(pids["API1_PID"], Regex.Match(status.Output, @"api 1: running \(pid (\d+)").Groups[1].Value);
        Assert.Equal(pids, _cluster.ReadSettings().Where(s => s.Key.EndsWith("_PID", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value));

        // Every acknowledged lead completes, each once.
        var acknowledged = all.Where(a => a.Status is 202 or 200).ToList();
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.LeadId).Distinct().Count());
        var completion = Stopwatch.StartNew();
        foreach (var answer in acknowledged)
        {
            var left = CompletedWithin - completion.Elapsed;
            var lead = await tenant.WaitForStatusAsync(answer.LeadId!, "completed", left > TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
            Assert.Single(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "completed");
        }

        _output.WriteLine($"{acknowledged.Count} acknowledged leads completed; the last {completion.Elapsed.TotalSeconds:F1} s after the answers; slowest answer {all.Max(a => a.Took).TotalSeconds:F1} s");
        _passed = true;
    }

    // One delivery, answered once: no retry, so each answer is what a sender saw at that moment.
    private static async Task<Answer> SendAsync(HttpClient api, Stopwatch clock, string tenantId, string secret, int i)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"email":"lead{{i}}@example.com","name":"Lead {{i}}"}""");
        var sentAt = clock.Elapsed;
        try
        {
            using var response = await api.SendAsync(SignedWebhook.Create($"/v1/hooks/{tenantId}/intake", secret, body, id: $"outage-{i}"));
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var leadId = status is 202 or 200 ? JsonDocument.Parse(text).RootElement.GetProperty("leadId").GetString() : null;
            return new Answer(i, sentAt, clock.Elapsed - sentAt, status, response.Headers.RetryAfter?.ToString(), leadId, status is 202 or 200 ? "" : text);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new Answer(i, sentAt, clock.Elapsed - sentAt, 0, null, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static async Task<(string Id, string ApiKey)> CreateTenantAsync(HttpClient http, string operatorKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants")
        {
            Content = JsonContent.Create(new { id = "outage", name = "Outage", timeZone = "Europe/Berlin" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return ("outage", JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetProperty("key").GetString()!);
    }

    private static async Task AssertHealthAsync(HttpClient api, string path, HttpStatusCode expected)
    {
        using var response = await api.GetAsync(path);
        Assert.True(response.StatusCode == expected, $"{path} answered {(int)response.StatusCode}, not {(int)expected}: {await response.Content.ReadAsStringAsync()}");
    }

    private static bool ProcessRuns(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    // How many rows of the membership table 'cluster.sh status' prints for the silo on this port, if all are Active.
    private static int ActiveGenerations(string status, int port)
    {
        var rows = status.Split('\n')
            .Select(line => line.Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length >= 5 && cells[1] == $"127.0.0.1:{port}")
            .ToList();
        return rows.All(cells => cells[4] == "Active") ? rows.Count : -1;
    }

    private sealed record Answer(int Index, TimeSpan SentAt, TimeSpan Took, int Status, string? RetryAfter, string? LeadId, string Detail)
    {
        public string Outcome => Status == 0 ? "no answer" : Status.ToString(CultureInfo.InvariantCulture);

        public override string ToString() =>
            $"#{Index} sent at {SentAt.TotalSeconds:F1} s, {Outcome} after {Took.TotalSeconds:F1} s, Retry-After {RetryAfter ?? "none"}: {Detail}";
    }
}
