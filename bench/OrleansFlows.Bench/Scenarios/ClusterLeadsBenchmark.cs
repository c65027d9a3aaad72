using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansFlows.Bench.Harness;
using OrleansFlows.TestKit.Saas;
using OrleansFlows.TestKit;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Lead runs end to end through real processes: <c>deploy/local/cluster.sh</c> (PostgreSQL, 3 silos, a client-mode
/// API), signed webhooks over HTTP, the enrichment API and Slack stood in by loopback servers in this process. The
/// figure is leads accepted and completed (their Slack message received) per second.
/// </summary>
/// <remarks>Usage: <c>cluster-leads [--leads N] [--in-flight N]</c>; the solution must be built in Release.</remarks>
internal static class ClusterLeadsBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var leads = Option(args, "--leads", 2000);
        var inFlight = Option(args, "--in-flight", 64);
        var state = Path.Combine(Path.GetTempPath(), $"orleansflows-bench-cluster-{Guid.NewGuid():N}");
        var ports = new Dictionary<string, string>
        {
            ["STATE_DIR"] = state,
            ["NO_BUILD"] = "1",
            ["API_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["PG_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["SILO_BASE_PORT"] = (21000 + Random.Shared.Next(0, 20000)).ToString(CultureInfo.InvariantCulture),
        };
        await using var enrichment = await EnrichmentServer.StartAsync();
        await using var slack = await SlackReceiver.StartAsync();
        try
        {
            var (code, output) = await ScriptAsync("start", ports);
            if (code != 0)
            {
                log.WriteLine($"cluster.sh start failed ({code}): {output}");
                return 1;
            }

            var settings = File.ReadAllLines(Path.Combine(state, "cluster.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            using var http = new HttpClient { BaseAddress = new Uri(settings["API_URL"]), Timeout = TimeSpan.FromSeconds(60) };
            var (tenant, apiKey) = await CreateTenantAsync(http, settings["OPERATOR_KEY"]);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            await SendOkAsync(http.PutAsJsonAsync("/v1/connections/enrichment", new { kind = "http", baseUrl = enrichment.BaseAddress.ToString() }));
            await SendOkAsync(http.PutAsJsonAsync("/v1/connections/sales", new { kind = "slack", webhookUrl = slack.WebhookUrl("sales").ToString() }));
            await SendOkAsync(http.PutAsync("/v1/workflows/lead-to-customer", new StringContent(Definition, Encoding.UTF8, "application/json")));
            using var secretResponse = await http.PostAsync("/v1/webhook-secrets", null);
            var secret = (await secretResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
            using var anonymous = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

            log.WriteLine($"cluster leads: {Environment.ProcessorCount} cores, 3 silo processes + 1 client-mode API process + PostgreSQL on this machine, {leads} leads, {inFlight} webhooks in flight");
            await RunLeadsAsync(anonymous, tenant, secret, slack, "warm", 200, inFlight);
            var clock = Stopwatch.StartNew();
            await RunLeadsAsync(anonymous, tenant, secret, slack, "run", leads, inFlight);
            clock.Stop();
            log.WriteLine($"  {leads} leads accepted and completed in {clock.Elapsed.TotalSeconds:N1} s: {leads / clock.Elapsed.TotalSeconds:N0} leads/s");
            return 0;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("KEEP_CLUSTER") == "1")
            {
                log.WriteLine($"cluster left running: STATE_DIR={state} PG_PORT={ports["PG_PORT"]} deploy/local/cluster.sh stop");
            }
            else
            {
                await ScriptAsync("stop", ports);
            }
        }
    }

    private static async Task RunLeadsAsync(HttpClient anonymous, string tenant, string secret, SlackReceiver slack, string prefix, int count, int inFlight)
    {
        var before = slack.PostCount;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) =>
        {
            var body = Encoding.UTF8.GetBytes($$"""{"email":"{{prefix}}{{i}}@example.com","name":"Lead {{i}}"}""");
            var id = $"{prefix}-{i}";
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/hooks/{tenant}/lead-to-customer") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", Sign(secret, id, timestamp, body));
            using var response = await anonymous.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Webhook {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        });
        await slack.WaitForMessagesAsync(before + count, TimeSpan.FromMinutes(3));
    }

    // Standard Webhooks: HMAC-SHA256 of "{id}.{timestamp}.{body}" under the secret's base64 key.
    private static string Sign(string secret, string id, long timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private static async Task<(string Tenant, string ApiKey)> CreateTenantAsync(HttpClient http, string operatorKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { id = "bench", name = "Bench", timeZone = "UTC" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the tenant answered {(int)response.StatusCode}: {body}");
        }

        // The default plan takes 600 submissions a minute; the benchmark measures the cluster, not the plan.
        using var limits = new HttpRequestMessage(HttpMethod.Put, "/v1/tenants/bench/limits")
        {
            Content = JsonContent.Create(new { leadsPerDay = 1_000_000, concurrentOutboundCalls = 64, ingestPerMinute = 1_000_000 }),
        };
        limits.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        await SendOkAsync(http.SendAsync(limits));
        return ("bench", JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetProperty("key").GetString()!);
    }

    private static async Task SendOkAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static Task<(int Code, string Output)> ScriptAsync(string command, Dictionary<string, string> environment) =>
        ClusterScript.RunAsync(command, environment);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }

    private const string Definition = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},"timeout":"5s"},
            {"id":"save","kind":"store"},
            {"id":"tell","kind":"notify","connection":"sales","text":"New lead {{ lead.name }} ({{ input.email }})"}
          ]
        }
        """;
}
