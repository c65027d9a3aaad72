using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.Storage;
using Xunit.Abstractions;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Bad input gets a clear problem document (type, title, status, detail) and changes nothing.</summary>
public sealed class MalformedRequestTests(SqliteApiHostFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteApiHostFixture>
{
    private const int Seed = 20261122;
    private const int RequestCount = 3000;

    private static readonly string[] Tables =
        ["tenants", "api_keys", "leads", "step_attempts", "audit_events", "usage_daily", "lead_records", "batch_records", "reminders"];

    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Send_ThousandsOfGeneratedMalformedRequests_EveryAnswerIsA4xxProblemAndNothingIsStored()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path);
        var tenant = await host.CreateTenantAsync("fuzz-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = host.CreateTenantClient(tenant.ApiKey);
        using var operatorClient = host.CreateOperatorClient();
        await Expect(HttpStatusCode.OK, operatorClient.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 100_000, concurrentOutboundCalls = 16, ingestPerMinute = 1_000_000 }));
        await Expect(HttpStatusCode.OK, client.PutAsJsonAsync($"/v1/workflows/{MalformedRequests.Workflow}", TestWorkflows.TransformAndStore()));
        await Expect(HttpStatusCode.OK, client.PutAsJsonAsync($"/v1/connections/{MalformedRequests.Connection}", new { kind = "http", baseUrl = "https://203.0.113.5/" }));
        var secret = (await (await Expect(HttpStatusCode.Created, client.PostAsync("/v1/webhook-secrets", null))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var accepted = await Expect(HttpStatusCode.Accepted, client.PostAsJsonAsync($"/v1/workflows/{MalformedRequests.Workflow}/leads", new { email = "seed@example.com" }));
        var leadId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await client.WaitForStatusAsync(leadId, "completed");
        var before = await SnapshotAsync(host, client, operatorClient, tenant.TenantId, leadId);

        var requests = new MalformedRequests(new Random(Seed), tenant, secret, leadId).Generate(RequestCount).ToList();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        using var anonymous = host.CreateClient();
        foreach (var generated in requests)
        {
            using var request = generated.Build();
            using var response = await anonymous.SendAsync(request);
            var status = (int)response.StatusCode;
            var key = $"{generated.Category} {status}";
            statuses[key] = statuses.GetValueOrDefault(key) + 1;
            if (await CheckAsync(response, request.Method) is { } problem && failures.Count < 25)
            {
                failures.Add($"{generated.Description} -> {status}: {problem}");
            }
        }

        clock.Stop();
        var after = await SnapshotAsync(host, client, operatorClient, tenant.TenantId, leadId);

        output.WriteLine($"{requests.Count} malformed requests (seed {Seed}) in {clock.Elapsed.TotalSeconds:0.0} s; answers by category and status:");
        foreach (var (key, count) in statuses)
        {
            output.WriteLine($"  {key,-24} {count,5}");
        }

        foreach (var (status, count) in statuses.GroupBy(s => s.Key[(s.Key.LastIndexOf(' ') + 1)..]).Select(g => (g.Key, g.Sum(s => s.Value))).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  all {status,-20} {count,5}");
        }

        Assert.True(failures.Count == 0, "Answers that are not 4xx problem documents:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        Assert.Equal(before, after);
        Assert.Equal(RequestCount, statuses.Values.Sum());

        // The daily plan is counted in the tenant grain's memory: every refused submission must have given its place back,
        // so with a plan of 2 (the seed lead and one more) exactly one more lead is accepted.
        await Expect(HttpStatusCode.OK, operatorClient.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 2, concurrentOutboundCalls = 16, ingestPerMinute = 1_000_000 }));
        var second = await Expect(HttpStatusCode.Accepted, client.PostAsJsonAsync($"/v1/workflows/{MalformedRequests.Workflow}/leads", new { email = "second@example.com" }));
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync($"/v1/workflows/{MalformedRequests.Workflow}/leads", new { email = "third@example.com" }), HttpStatusCode.TooManyRequests, "rate-limited");

        // Let the lead finish before the host stops: stopping the SQLite store mid-commit fails the dispose (reported separately).
        await client.WaitForStatusAsync((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!, "completed");
    }

    [Theory]
    [InlineData("GET", "/v1/nothing")]
    [InlineData("GET", "/v1/leads/a/b")]
    [InlineData("GET", "/v1/workflows/x/versions/one")]
    [InlineData("POST", "/v2/tenants")]
    public async Task Request_NoEndpointMatches_Answers404ProblemWithDetail(string method, string path)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found", $"No endpoint matches {method} {path}; the endpoints are listed in /openapi/v1.json.");
    }

    [Fact]
    public async Task Request_MethodTheRouteDoesNotAllow_Answers405ProblemWithAllow()
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.DeleteAsync("/v1/workflows");

        await ProblemAssert.IsAsync(
            response,
            HttpStatusCode.MethodNotAllowed,
            "method-not-allowed",
            "DELETE is not allowed on /v1/workflows; the Allow header lists the methods that are.");
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("PUT", "/v1/connections/crm")]
    [InlineData("PUT", "/v1/workflows/intake")]
    [InlineData("POST", "/v1/workflows/intake/leads")]
    public async Task Request_BodyNotJson_Answers415ProblemWithDetail(string method, string path)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("kind=http", Encoding.UTF8, "text/plain") });

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Send the body as 'application/json'.");
    }

    [Fact]
    public async Task Request_OperatorBodyNotJson_Answers415ProblemWithDetail()
    {
        using var client = _host.CreateOperatorClient();

        var response = await client.PostAsync("/v1/tenants", new StringContent("<tenant/>", Encoding.UTF8, "application/xml"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Send the body as 'application/json'.");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    [InlineData("\"steps\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task PutWorkflow_RootNotAnObject_Answers400Validation(string body)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PutAsync("/v1/workflows/intake", Json(body));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("A workflow definition must be a JSON object with 'input' and 'steps'.", problem.GetProperty("errors").GetProperty("$")[0].GetString());
        await ProblemAssert.IsAsync(await client.GetAsync("/v1/workflows/intake"), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("""{"leadsPerDay":"10","concurrentOutboundCalls":4,"ingestPerMinute":60}""")]
    [InlineData("""{"leadsPerDay":10,"concurrentOutboundCalls":4.0e0,"ingestPerMinute":"NaN"}""")]
    public async Task PutLimits_NumberSentAsAString_Answers400AndKeepsTheLimits(string body)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var operatorClient = _host.CreateOperatorClient();
        var before = await (await operatorClient.GetAsync($"/v1/tenants/{tenant.TenantId}")).Content.ReadAsStringAsync();

        var response = await operatorClient.PutAsync($"/v1/tenants/{tenant.TenantId}/limits", Json(body));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.Equal(before, await (await operatorClient.GetAsync($"/v1/tenants/{tenant.TenantId}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PutConnection_KindAsANumber_Answers400()
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PutAsync("/v1/connections/crm", Json("""{"kind":0,"baseUrl":"https://203.0.113.5/"}"""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        var connections = await (await client.GetAsync("/v1/connections")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(connections.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"type":7}""", "$.input.type: must be one of")]
    [InlineData("""{"type":"string"}""", "$.input.type: a lead payload is always a JSON object")]
    [InlineData("""{"type":"object","required":"email","properties":{"email":{"maxLength":-1}}}""", "$.input.required: must be an array of property names (strings). $.input.properties.email.maxLength: must be a whole number")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/definitions/x"}},"definitions":{"x":{"$ref":"#/definitions/y"},"y":{"$ref":"#/definitions/x"}}}""", "$.input.definitions.x: its references lead back to it without reading further into the payload")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://example.com/s.json"}}}""", "$.input.properties.a.$ref: 'https://example.com/s.json' is not a reference within the input schema")]
    public async Task PutWorkflow_MalformedInputSchema_Answers400NamingTheKeyword(string schema, string expected)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PutAsync("/v1/workflows/intake", Json($$$"""{"input":{{{schema}}},"steps":[{"id":"t","kind":"transform","set":{"a":"1"}}]}"""));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty("$.input")[0].GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(await client.GetAsync("/v1/workflows/intake"), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("""{"input":{"type":"object"},"input":{"type":"object"},"steps":[]}""", "Duplicate property 'input'")]
    [InlineData("""{"input":{"type":"object","title":"x\ud800"},"steps":[]}""", "A string at or under '$.input.title' is not valid Unicode")]
    [InlineData("""{"input":{"type":"object","title":"x\u0000"},"steps":[]}""", "A string at or under '$.input.title' holds a NUL character")]
    public async Task PutWorkflow_DefinitionTheStoreCannotKeep_Answers400MalformedJson(string body, string detail)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PutAsync("/v1/workflows/intake", Json(body));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>What is wrong with an answer to a malformed request, or null if it is a 4xx problem document.</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response, HttpMethod method)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status is < 400 or > 499)
        {
            return $"not a 4xx: {Shorten(body)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != ProblemAssert.ContentType)
        {
            return $"content type '{response.Content.Headers.ContentType}': {Shorten(body)}";
        }

        if (method == HttpMethod.Head)
        {
            return null;
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            var type = problem.TryGetProperty("type", out var t) ? t.GetString() : null;
            var ok = type?.StartsWith("urn:orleansflows:problem:", StringComparison.Ordinal) == true
                && problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString())
                && problem.TryGetProperty("status", out var s) && s.GetInt32() == status
                && problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString());
            return ok ? null : $"incomplete problem: {Shorten(body)}";
        }
        catch (JsonException)
        {
            return $"not JSON: {Shorten(body)}";
        }
    }

    /// <summary>Everything the API and the store hold for the tenant and overall: lists, usage, row counts and grain state versions.</summary>
    private static async Task<string> SnapshotAsync(ApiHost host, HttpClient tenant, HttpClient operatorClient, string tenantId, string leadId)
    {
        var parts = new List<string>
        {
            await ReadAsync(operatorClient, "/v1/tenants?limit=200"),
            await ReadAsync(operatorClient, $"/v1/tenants/{tenantId}/api-keys"),
        };
        foreach (var path in new[] { "/v1/workflows", "/v1/connections", "/v1/leads?limit=200", "/v1/records?limit=200", "/v1/usage/today", $"/v1/leads/{leadId}", $"/v1/leads/{leadId}/audit?limit=200" })
        {
            parts.Add(await ReadAsync(tenant, path));
        }

        var store = host.Services.GetRequiredService<IProjectionStore>();
        foreach (var table in Tables)
        {
            var count = await store.QueryAsync($"SELECT COUNT(*) FROM {table}", new Dictionary<string, object?>(), row => row.GetInt64(0), null, CancellationToken.None);
            parts.Add($"{table}: {count[0]} rows");
        }

        var versions = await store.QueryAsync(
            "SELECT grain_id, state_name, version FROM grain_state ORDER BY grain_id, state_name",
            new Dictionary<string, object?>(),
            row => $"{row.GetString(0)}/{row.GetString(1)}@{row.GetInt64(2)}",
            null,
            CancellationToken.None);
        parts.Add("grain_state: " + string.Join(", ", versions));
        return string.Join(Environment.NewLine, parts);
    }

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return $"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static async Task<HttpResponseMessage> Expect(HttpStatusCode status, Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == status, $"Set-up call {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static ByteArrayContent Json(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
