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
/// Real processes: <c>deploy/local/cluster.sh</c> starts PostgreSQL, three silos and two client-mode APIs; signed
/// webhooks flow to both APIs at a steady rate while <c>cluster.sh rolling-restart</c> replaces each silo in turn
/// (graceful stop, new process, Active and ready), as a Kubernetes rolling update does. Nothing is lost: every answer
/// is an acknowledgement or a 503 with Retry-After, and every acknowledged lead completes exactly once.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class RollingRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan CompletedWithin = TimeSpan.FromSeconds(90);

    private readonly LocalClusterScript _cluster = new(apiProcesses: 2);
    private readonly ITestOutputHelper _output;
    private bool _passed;

    public RollingRestartTests(ITestOutputHelper output)
    {
        _output = output;

        // A lead whose step outcome was not recorded when its silo stopped runs the step again once it is overdue.
        _cluster.Environment["RESUME_MARGIN"] = "00:00:03";

        // Nothing here waits for a death to be detected (a silo that stops gracefully leaves the membership itself), so
        // the probes get the room a loaded machine needs: a new silo probes every other silo before it joins.
        _cluster.Environment["PROBE_TIMEOUT"] = "00:00:03";
        _cluster.Environment["TABLE_REFRESH_TIMEOUT"] = "00:00:02";
        _cluster.Environment["START_TIMEOUT"] = "240";
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
    public async Task RollingRestartUnderLoad_EveryAcknowledgedLeadCompletesExactlyOnce_AndNo5xxButDocumented503()
    {
        var start = await _cluster.RunAsync("start", TimeSpan.FromMinutes(5));
        Assert.True(start.ExitCode == 0, $"cluster.sh start failed: {start}");
        var settings = _cluster.ReadSettings();
        var before = Enumerable.Range(1, 3).ToDictionary(n => n, n => settings[$"SILO{n}_PID"]);
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await AssertSiloHealthAsync(health);

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

        var apis = settings["API_URLS"].Split(' ').Select(url => new HttpClient { BaseAddress = new Uri(url), Timeout = ClientTimeout }).ToArray();
        Assert.Equal(2, apis.Length);

        // Webhooks at a steady rate, alternating between the APIs, from before the restart until after it ends.
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<Answer>();
        using var restartDone = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            var pending = new List<Task>();
            for (var i = 0; !restartDone.IsCancellationRequested || pending.Count < 20; i++)
            {
                var due = Interval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var index = i;
                pending.Add(Task.Run(async () => answers.Add(await SendAsync(apis[index % apis.Length], clock, tenantId, secret, index))));
                if (restartDone.IsCancellationRequested && pending.Count >= 20)
                {
                    break;
                }
            }

            await Task.WhenAll(pending);
        });

        await Task.Delay(TimeSpan.FromSeconds(3));
        var restartFrom = clock.Elapsed;
        var restart = await _cluster.RunAsync("rolling-restart", TimeSpan.FromMinutes(12));
        var restartTo = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await restartDone.CancelAsync();
        await sender;
        foreach (var client in apis)
        {
            client.Dispose();
        }

        Assert.True(restart.ExitCode == 0, $"cluster.sh rolling-restart failed: {restart}");
        var all = answers.OrderBy(a => a.Index).ToList();
        string Summary() =>
            $"rolling restart {restartFrom.TotalSeconds:F1}-{restartTo.TotalSeconds:F1} s; answers: " +
            string.Join(", ", all.GroupBy(a => a.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));
        _output.WriteLine(Summary());

        // Every answer is an acknowledgement or a 503 with Retry-After; the APIs never refused a connection.
        var wrong = all.Where(a => a.Status is not (202 or 200 or 503)).ToList();
        Assert.True(wrong.Count == 0, $"{Summary()}\nNot 202, 200 or 503:\n{string.Join('\n', wrong.Take(10))}");
        var noRetryAfter = all.Where(a => a.Status == 503 && a.RetryAfter is null).ToList();
        Assert.True(noRetryAfter.Count == 0, $"{Summary()}\n503 without Retry-After:\n{string.Join('\n', noRetryAfter.Take(10))}");
        var duringRestart = all.Where(a => a.SentAt > restartFrom && a.SentAt < restartTo).ToList();
        Assert.True(duringRestart.Count(a => a.Status is 202 or 200) > duringRestart.Count / 2, $"{Summary()}\nmost webhooks sent during the restart were not acknowledged");

        // Every silo was replaced: a new process, Active under a newer generation, and ready on its health port.
        var after = _cluster.ReadSettings();
        var status = await _cluster.RunAsync("status", TimeSpan.FromSeconds(30));
        for (var n = 1; n <= 3; n++)
        {
            Assert.NotEqual(before[n], after[$"SILO{n}_PID"]);
            Assert.Equal(after[$"SILO{n}_PID"], Regex.Match(status.Output, $@"silo {n}: running \(pid (\d+)").Groups[1].Value);
            Assert.Contains($"silo {n} replaced", restart.Output, StringComparison.Ordinal);
        }

        await AssertSiloHealthAsync(health);

        // A graceful stop: each old silo drained and stopped on SIGTERM, none was killed.
        Assert.DoesNotContain("did not stop within", restart.All, StringComparison.Ordinal);

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

        // Exactly once: one stored record per acknowledged lead, read page by page.
        var recordLeads = new List<string>();
        string? cursor = null;
        do
        {
            var page = await tenant.GetFromJsonAsync<JsonElement>(cursor is null ? "/v1/records?limit=200" : $"/v1/records?limit=200&cursor={Uri.EscapeDataString(cursor)}");
            recordLeads.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("leadId").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(acknowledged.Select(a => a.LeadId!).Order().ToArray(), recordLeads.Order().ToArray());
        _output.WriteLine($"{acknowledged.Count} acknowledged leads completed once each");
        _passed = true;
    }

    private async Task AssertSiloHealthAsync(HttpClient health)
    {
        for (var n = 1; n <= 3; n++)
        {
            foreach (var path in new[] { "/health/live", "/health/ready", "/health/db" })
            {
                using var response = await health.GetAsync(_cluster.SiloHealthUrl(n, path));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"silo {n} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    // One delivery, answered once: no retry, so each answer is what a sender saw at that moment.
    private static async Task<Answer> SendAsync(HttpClient api, Stopwatch clock, string tenantId, string secret, int i)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"email":"lead{{i}}@example.com","name":"Lead {{i}}"}""");
        var sentAt = clock.Elapsed;
        try
        {
            using var response = await api.SendAsync(SignedWebhook.Create($"/v1/hooks/{tenantId}/intake", secret, body, id: $"rolling-{i}"));
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
            Content = JsonContent.Create(new { id = "rolling", name = "Rolling", timeZone = "Europe/Berlin" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return ("rolling", JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetProperty("key").GetString()!);
    }

    private sealed record Answer(int Index, TimeSpan SentAt, TimeSpan Took, int Status, string? RetryAfter, string? LeadId, string Detail)
    {
        public string Outcome => Status == 0 ? "no answer" : Status.ToString(CultureInfo.InvariantCulture);

        public override string ToString() =>
            $"#{Index} sent at {SentAt.TotalSeconds:F1} s, {Outcome} after {Took.TotalSeconds:F1} s, Retry-After {RetryAfter ?? "none"}: {Detail}";
    }
}
