using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// The routes a tenant console reads and acts with, end to end through the API and a real silo and store: the lead
/// search, bulk retry of failed leads with its record and audit, usage by day and workflow step stats. Failures come
/// from a real HTTP stand-in on 127.0.0.1. Run on SQLite and PostgreSQL by the subclasses.
/// </summary>
public abstract class LeadConsoleApiContract : IAsyncLifetime
{
    private const string Workflow = "enrich";

    // One attempt per step, so a stand-in's 500 fails the lead at once.
    private const string EnrichDefinition = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
             "timeout":"5s","retry":{"maxAttempts":1}},
            {"id":"save","kind":"store"}
          ]
        }
        """;

    private readonly RetryRace _race;
    private EnrichmentServer _enrichment = null!;
    private ApiHost _host = null!;

    protected LeadConsoleApiContract() => _race = new RetryRace(() => _host.Services.GetRequiredService<IGrainFactory>());

    public async Task InitializeAsync()
    {
        _enrichment = await EnrichmentServer.StartAsync();
        _host = (await CreateHostAsync(new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" }))
            .WithTestServices(services => services.AddSingleton<IOutgoingGrainCallFilter>(_race));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _enrichment.DisposeAsync();
        await DisposeStoreAsync();
    }

    protected abstract Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings);

    protected abstract Task DisposeStoreAsync();

    [Fact]
    public async Task ListLeads_ByEmailAnyCaseOrIdOrWorkflow_FindsTheLeadAndShowsItsEmail()
    {
        var (client, _) = await TenantAsync();
        var ann = await SubmitAsync(client, "Ann.Lee@Example.com");
        var bob = await SubmitAsync(client, "bob@example.com");
        await client.WaitForStatusAsync(ann, "completed");
        await client.WaitForStatusAsync(bob, "completed");

        var byEmail = await ItemsAsync(client, "/v1/leads?q=ANN.LEE%40example.COM");
        var byId = await ItemsAsync(client, $"/v1/leads?q={bob}");
        var byWorkflow = await ItemsAsync(client, $"/v1/leads?workflow={Workflow}&status=completed");
        var otherWorkflow = await ItemsAsync(client, "/v1/leads?workflow=other");
        var blankSearch = await ItemsAsync(client, "/v1/leads?q=&workflow=");

        var found = Assert.Single(byEmail);
        Assert.Equal((ann, "Ann.Lee@Example.com"), (found.GetProperty("leadId").GetString(), found.GetProperty("email").GetString()));
        Assert.Equal("bob@example.com", Assert.Single(byId).GetProperty("email").GetString());
        Assert.Equal([bob, ann], byWorkflow.Select(l => l.GetProperty("leadId").GetString()));
        Assert.Empty(otherWorkflow);
        Assert.Equal(2, blankSearch.Count);
    }

    [Fact]
    public async Task BulkRetry_FailedLeadsCapped_RetriesOldestFirstAsOneRecordedAuditedOperation()
    {
        var (client, access) = await TenantAsync();
        var leads = await FailedLeadsAsync(client, 3);

        var first = await RetryAsync(client, new { max = 2 });
        await client.WaitForStatusAsync(leads[0], "completed");
        await client.WaitForStatusAsync(leads[1], "completed");
        var second = await RetryAsync(client, new { });
        await client.WaitForStatusAsync(leads[2], "completed");

        var operationId = first.GetProperty("operationId").GetString()!;
        Assert.StartsWith("bulk_", operationId, StringComparison.Ordinal);
        Assert.Equal((Workflow, 2, 2, 0, true), Counts(first));
        Assert.Equal((Workflow, 1, 1, 0, false), Counts(second));
        foreach (var leadId in leads.Take(2))
        {
            var retried = Assert.Single(await AuditAsync(client, leadId), e => e.GetProperty("event").GetString() == "retried");
            Assert.Contains(operationId, retried.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(access.KeyId, retried.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var recorded = await client.GetFromJsonAsync<JsonElement>($"/v1/bulk-retries/{operationId}");
        Assert.Equal((Workflow, 2, 2, 0, true), Counts(recorded));
        Assert.Equal(("finished", access.KeyId, 2), (recorded.GetProperty("status").GetString(), recorded.GetProperty("requestedBy").GetString(), recorded.GetProperty("max").GetInt32()));
        Assert.Equal(JsonValueKind.String, recorded.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task BulkRetry_LeadRetriedMeanwhile_IsSkippedWithTheReason()
    {
        var (client, _) = await TenantAsync();
        var leads = await FailedLeadsAsync(client, 2);
        _race.LeadId = leads[1];

        var result = await RetryAsync(client, new { failedStep = "enrich" });

        Assert.Equal((Workflow, 2, 1, 1, false), Counts(result));
        var skipped = Assert.Single(result.GetProperty("skipped").EnumerateArray());
        Assert.Equal(leads[1], skipped.GetProperty("leadId").GetString());
        Assert.Contains("can't be", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var recorded = await client.GetFromJsonAsync<JsonElement>($"/v1/bulk-retries/{result.GetProperty("operationId").GetString()}");
        Assert.Equal(leads[1], Assert.Single(recorded.GetProperty("skipped").EnumerateArray()).GetProperty("leadId").GetString());
        await client.WaitForStatusAsync(leads[0], "completed");
        await client.WaitForStatusAsync(leads[1], "completed");
    }

    [Fact]
    public async Task BulkRetry_Filters_MatchOnlyTheirLeads()
    {
        var (client, _) = await TenantAsync();
        var leads = await FailedLeadsAsync(client, 1);
        var accepted = (await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{leads[0]}")).GetProperty("acceptedAt").GetDateTimeOffset();

        var otherStep = await RetryAsync(client, new { failedStep = "save" });
        var acceptedLater = await RetryAsync(client, new { acceptedFrom = accepted.AddSeconds(1) });
        var acceptedEarlier = await RetryAsync(client, new { acceptedTo = accepted });

        Assert.Equal((Workflow, 0, 0, 0, false), Counts(otherStep));
        Assert.Equal((Workflow, 0, 0, 0, false), Counts(acceptedLater));
        Assert.Equal((Workflow, 0, 0, 0, false), Counts(acceptedEarlier));
        Assert.Equal("failed", (await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{leads[0]}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"max":0}""", "max")]
    [InlineData("""{"max":10001}""", "max")]
    [InlineData("""{"acceptedFrom":"2026-12-02T00:00:00Z","acceptedTo":"2026-12-01T00:00:00Z"}""", "acceptedTo")]
    [InlineData("""{"failedStep":""}""", "failedStep")]
    public async Task BulkRetry_BadBody_Answers400NamingTheField(string body, string field)
    {
        var (client, _) = await TenantAsync();

        var response = await client.PostAsync($"/v1/workflows/{Workflow}/leads/retry", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task BulkRetry_UnknownWorkflowOrOperation_Answers404()
    {
        var (client, _) = await TenantAsync();

        var workflow = await client.PostAsJsonAsync("/v1/workflows/nothere/leads/retry", new { });
        var operation = await client.GetAsync("/v1/bulk-retries/bulk_0123456789abcdef01234567");

        await ProblemAssert.IsAsync(workflow, HttpStatusCode.NotFound, "not-found", "Workflow 'nothere' does not exist.");
        await ProblemAssert.IsAsync(operation, HttpStatusCode.NotFound, "not-found", "Bulk retry 'bulk_0123456789abcdef01234567' does not exist.");
    }

    [Fact]
    public async Task UsageDaily_DefaultRange_ThirtyLocalDaysEndingTodayWithTodaysCounts()
    {
        var (client, _) = await TenantAsync("Asia/Kolkata");
        await FailedLeadsAsync(client, 1);
        var done = await SubmitAsync(client, "done@example.com");
        await client.WaitForStatusAsync(done, "completed");

        var usage = await client.GetFromJsonAsync<JsonElement>("/v1/usage/daily");

        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = usage.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(("Asia/Kolkata", 30), (usage.GetProperty("timeZone").GetString(), days.Count));
        Assert.True(usage.GetProperty("dailyLeadLimit").GetInt32() > 0);
        var last = days[^1];
        Assert.Equal(today, last.GetProperty("date").GetString());
        Assert.Equal((2, 1, 1), (last.GetProperty("accepted").GetInt32(), last.GetProperty("completed").GetInt32(), last.GetProperty("failed").GetInt32()));

        // The failed lead ran its http step once; the completed one its http step and its store step.
        Assert.Equal((3, 2), (last.GetProperty("stepsRun").GetInt32(), last.GetProperty("outboundCalls").GetInt32()));
        Assert.All(days.SkipLast(1), d => Assert.Equal(0, d.GetProperty("accepted").GetInt32() + d.GetProperty("stepsRun").GetInt32()));
    }

    [Theory]
    [InlineData("from=2026-02-30", "'from'")]
    [InlineData("to=12/01/2026", "'to'")]
    [InlineData("from=2026-12-02&to=2026-12-01", "'from'")]
    [InlineData("from=2025-01-01&to=2026-12-01", "'to'")]
    public async Task UsageDaily_BadDates_Answers400NamingTheParameter(string query, string named)
    {
        var (client, _) = await TenantAsync();

        var response = await client.GetAsync($"/v1/usage/daily?{query}");

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageDaily_ExplicitRange_OneEntryPerDayOldestFirst()
    {
        var (client, _) = await TenantAsync();

        var usage = await client.GetFromJsonAsync<JsonElement>("/v1/usage/daily?from=2024-02-27&to=2024-03-01");

        Assert.Equal(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"], usage.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task WorkflowStats_OneFailedOneSucceeded_CountsPerStepWithRateAndMedian()
    {
        var (client, _) = await TenantAsync();
        await FailedLeadsAsync(client, 1);
        await client.WaitForStatusAsync(await SubmitAsync(client, "ok@example.com"), "completed");

        var stats = await client.GetFromJsonAsync<JsonElement>($"/v1/workflows/{Workflow}/stats?hours=1");

        Assert.Equal(Workflow, stats.GetProperty("workflow").GetString());
        Assert.Equal(TimeSpan.FromHours(1), stats.GetProperty("to").GetDateTimeOffset() - stats.GetProperty("from").GetDateTimeOffset());
        var steps = stats.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["enrich", "save"], steps.Select(s => s.GetProperty("step").GetString()));
        var enrich = steps[0];
        Assert.Equal(("http", 2, 1, 1, 0.5), (enrich.GetProperty("kind").GetString(), enrich.GetProperty("attempts").GetInt32(), enrich.GetProperty("succeeded").GetInt32(), enrich.GetProperty("failed").GetInt32(), enrich.GetProperty("successRate").GetDouble()));
        Assert.True(enrich.GetProperty("medianMs").GetDouble() >= 0);
    }

    [Theory]
    [InlineData("hours=0")]
    [InlineData("hours=169")]
    public async Task WorkflowStats_HoursOutOfRange_Answers400NamingHours(string query)
    {
        var (client, _) = await TenantAsync();

        var response = await client.GetAsync($"/v1/workflows/{Workflow}/stats?{query}");

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.Contains("'hours'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowStats_UnknownWorkflow_Answers404()
    {
        var (client, _) = await TenantAsync();

        await ProblemAssert.IsAsync(await client.GetAsync("/v1/workflows/nothere/stats"), HttpStatusCode.NotFound, "not-found", "Workflow 'nothere' does not exist.");
    }

    private async Task<(HttpClient Client, TenantAccess Access)> TenantAsync(string timeZone = "UTC")
    {
        var access = await _host.CreateTenantAsync("console-" + Guid.NewGuid().ToString("N")[..10], timeZone);
        var client = _host.CreateTenantClient(access.ApiKey);
        Assert.True((await client.PutAsJsonAsync("/v1/connections/enrichment", new { kind = "http", baseUrl = _enrichment.BaseAddress.ToString() })).IsSuccessStatusCode);
        var published = await client.PutAsync($"/v1/workflows/{Workflow}", new StringContent(EnrichDefinition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return (client, access);
    }

    /// <summary>Submits leads one by one, each failing on the stand-in's 500, oldest first.</summary>
    private async Task<List<string>> FailedLeadsAsync(HttpClient client, int count)
    {
        var leads = new List<string>();
        for (var i = 0; i < count; i++)
        {
            _enrichment.FailNext(1, 500);
            var leadId = await SubmitAsync(client, $"failed-{i}@example.com");
            await client.WaitForStatusAsync(leadId, "failed");
            leads.Add(leadId);
        }

        return leads;
    }

    private static async Task<string> SubmitAsync(HttpClient client, string email)
    {
        var response = await client.PostAsJsonAsync($"/v1/workflows/{Workflow}/leads", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
    }

    private static async Task<JsonElement> RetryAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync($"/v1/workflows/{Workflow}/leads/retry", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Bulk retry answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray().ToList();

    private static async Task<List<JsonElement>> AuditAsync(HttpClient client, string leadId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}/audit")).GetProperty("items").EnumerateArray().ToList();

    private static (string?, int, int, int, bool) Counts(JsonElement operation) => (
        operation.GetProperty("workflow").GetString(),
        operation.GetProperty("matched").GetInt32(),
        operation.GetProperty("retried").GetInt32(),
        operation.GetProperty("skipped").GetArrayLength(),
        operation.GetProperty("truncated").GetBoolean());
}
