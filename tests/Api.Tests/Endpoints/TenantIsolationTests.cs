using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// Tenant B's key against tenant A's resources: everything of A's answers 404 exactly as a missing resource does
/// (never 403, never A's data), lists show none of A's items, and the tenant comes only from the key.
/// </summary>
public sealed class TenantIsolationTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Sweep_OtherTenantsResourcesWithOwnKey_EveryEndpointAnswers404()
    {
        using var b = tenants.Host.CreateTenantClient(tenants.B.ApiKey);
        var swept = new List<string>();

        foreach (var (method, template) in AddressingEndpoints())
        {
            var path = Fill(template);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == HttpMethods.Post)
            {
                request.Content = JsonContent.Create(new { email = "bob@b.example" });
            }

            var response = await b.SendAsync(request);
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
            AssertNoDataOfA(await response.Content.ReadAsStringAsync(), $"{method} {path}");
            Assert.DoesNotContain(tenants.A.TenantId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            swept.Add($"{method} {template}");
        }

        // An erasure names its subject in the body: B erasing A's email and A's lead id erases nothing of A's.
        var erasures = new[] { JsonContent.Create(new { email = tenants.Marker }), JsonContent.Create(new { leadId = tenants.LeadId }) };
        foreach (var content in erasures)
        {
            var erasure = await b.PostAsync("/v1/erasures", content);
            var erased = await erasure.Content.ReadAsStringAsync();
            Assert.True(erasure.StatusCode == HttpStatusCode.OK, $"POST /v1/erasures as B answered {(int)erasure.StatusCode}: {erased}");
            AssertNoDataOfA(erased, "POST /v1/erasures");
            Assert.Equal(0, JsonDocument.Parse(erased).RootElement.GetProperty("leads").GetInt32());
        }

        using (var a = tenants.Host.CreateTenantClient(tenants.A.ApiKey))
        {
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/leads/{tenants.LeadId}")).StatusCode);
        }

        swept.Add("POST /v1/erasures");

        // The sweep covers at least every endpoint known today that addresses a lead, a workflow or a connection.
        string[] known =
        [
            "GET /v1/leads/{leadId}", "GET /v1/leads/{leadId}/audit", "POST /v1/leads/{leadId}/retry", "POST /v1/leads/{leadId}/cancel",
            "GET /v1/workflows/{name}", "GET /v1/workflows/{name}/versions/{version}", "POST /v1/workflows/{name}/leads",
            "POST /v1/workflows/{name}/leads/retry", "GET /v1/workflows/{name}/stats", "GET /v1/bulk-retries/{operationId}",
            "DELETE /v1/connections/{name}", "GET /v1/reconciliation/runs/{runId}", "POST /v1/connections/{name}/test", "DELETE /v1/api-keys/{keyId}",
            "GET /v1/exports/{exportId}", "GET /v1/exports/{exportId}/download", "GET /v1/retention/runs/{retentionRunId}",
            "GET /v1/exports/{exportId}", "GET /v1/exports/{exportId}/download",
            "POST /v1/erasures", "GET /v1/erasures/{erasureId}",
        ];
        Assert.All(known, endpoint => Assert.Contains(endpoint, swept));
    }

    [Theory]
    [InlineData("GET", "/v1/leads/{leadId}", "Lead '{leadId}' does not exist.")]
    [InlineData("GET", "/v1/leads/{leadId}/audit", "Lead '{leadId}' does not exist.")]
    [InlineData("POST", "/v1/leads/{leadId}/retry", "Lead '{leadId}' does not exist.")]
    [InlineData("POST", "/v1/leads/{leadId}/cancel", "Lead '{leadId}' does not exist.")]
    [InlineData("GET", "/v1/workflows/{name}", "Workflow 'intake' does not exist.")]
    [InlineData("GET", "/v1/workflows/{name}/versions/1", "Workflow 'intake' has no version 1.")]
    [InlineData("DELETE", "/v1/connections/{name}", "Connection 'crm' does not exist.")]
    [InlineData("POST", "/v1/workflows/{name}/leads/retry", "Workflow 'intake' does not exist.")]
    [InlineData("GET", "/v1/workflows/{name}/stats", "Workflow 'intake' does not exist.")]
    [InlineData("GET", "/v1/bulk-retries/{operationId}", "Bulk retry '{operationId}' does not exist.")]
    [InlineData("POST", "/v1/connections/{name}/test", "Connection 'crm' does not exist.")]
    [InlineData("DELETE", "/v1/api-keys/{keyId}", "The tenant has no active API key '{keyId}'.")]
    [InlineData("GET", "/v1/exports/{exportId}", "Export '{exportId}' does not exist.")]
    [InlineData("GET", "/v1/exports/{exportId}/download", "Export '{exportId}' does not exist.")]
    [InlineData("GET", "/v1/retention/runs/{retentionRunId}", "Retention run '{retentionRunId}' does not exist.")]
    [InlineData("GET", "/v1/erasures/{erasureId}", "Erasure '{erasureId}' does not exist.")]
    public async Task Request_OtherTenantsResource_AnswersExactlyLikeAMissingOne(string method, string template, string detail)
    {
        using var b = tenants.Host.CreateTenantClient(tenants.B.ApiKey);
        using var a = tenants.Host.CreateTenantClient(tenants.A.ApiKey);
        var path = Fill(template);

        var asB = await b.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var missingForA = await a.SendAsync(new HttpRequestMessage(new HttpMethod(method), Missing(template)));

        await ProblemAssert.IsAsync(asB, HttpStatusCode.NotFound, "not-found", Fill(detail));
        var missing = await ProblemAssert.IsAsync(missingForA, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(Missing(detail), missing.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Sweep_OwnResourcesWithOwnKey_AreFound()
    {
        // The positive control of the sweep: the same paths with A's key find A's resources.
        using var a = tenants.Host.CreateTenantClient(tenants.A.ApiKey);

        foreach (var (method, template) in AddressingEndpoints().Where(e => e.Method == HttpMethods.Get))
        {
            var response = await a.GetAsync(Fill(template));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {Fill(template)} as A answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Contains(tenants.Marker, await a.GetStringAsync($"/v1/leads/{tenants.LeadId}"), StringComparison.Ordinal);
        var records = await a.GetFromJsonAsync<JsonElement>("/v1/records");
        Assert.Equal(tenants.LeadId, Assert.Single(records.GetProperty("items").EnumerateArray()).GetProperty("leadId").GetString());
        Assert.Contains(tenants.LeadId, await a.GetStringAsync("/v1/leads?status=completed"), StringComparison.Ordinal);
        Assert.Contains(TwoTenants.Connection, await a.GetStringAsync("/v1/connections"), StringComparison.Ordinal);
        Assert.Contains(TwoTenants.Workflow, await a.GetStringAsync("/v1/workflows"), StringComparison.Ordinal);
        Assert.Contains(tenants.LeadId, await a.GetStringAsync($"/v1/leads?q={Uri.EscapeDataString(tenants.Marker.ToUpperInvariant())}"), StringComparison.Ordinal);
        Assert.Contains(tenants.LeadId, await a.GetStringAsync($"/v1/leads?workflow={TwoTenants.Workflow}"), StringComparison.Ordinal);
        var usage = await a.GetFromJsonAsync<JsonElement>("/v1/usage/daily");
        Assert.Equal(1, usage.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("accepted").GetInt32()));
    }

    [Fact]
    public async Task List_WithOtherTenantsKey_ShowsNoneOfItsItems()
    {
        using var b = tenants.Host.CreateTenantClient(tenants.B.ApiKey);
        var lists = ListEndpoints().ToList();

        string[] filtered =
        [
            "/v1/records?limit=200", "/v1/leads?status=completed", "/v1/leads?limit=200", "/v1/usage/today", "/v1/usage/daily",
            $"/v1/leads?workflow={TwoTenants.Workflow}", $"/v1/leads?q={tenants.LeadId}", $"/v1/leads?q={Uri.EscapeDataString(tenants.Marker)}",
            $"/v1/audit?workflow={TwoTenants.Workflow}", "/v1/audit?event=queue-message-rejected",
        ];
        foreach (var path in lists.Concat(filtered).Distinct())
        {
            var response = await b.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (path is "/v1/api-keys" or "/v1/webhook-secrets")
            {
                // B has its own key and secret: it lists exactly those, none of A's.
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} as B answered {(int)response.StatusCode}: {body}");
                AssertNoDataOfA(body, path);
                var own = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray());
                Assert.Equal(path == "/v1/api-keys" ? tenants.B.KeyId : tenants.BSecretId, own.GetProperty(path == "/v1/api-keys" ? "keyId" : "secretId").GetString());
                continue;
            }

            if (path == "/v1/reconciliation/schedule")
            {
                // A singleton, not a list: B has set none, so it is missing for B whatever A set.
                await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
                AssertNoDataOfA(body, path);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} as B answered {(int)response.StatusCode}: {body}");
            AssertNoDataOfA(body, path);
            var root = JsonDocument.Parse(body).RootElement;
            if (root.TryGetProperty("items", out var items))
            {
                Assert.True(items.GetArrayLength() == 0, $"GET {path} as B lists items although B owns none: {body}");
            }
        }

        Assert.Contains("/v1/connections", lists);
        Assert.Contains("/v1/workflows", lists);
        Assert.Contains("/v1/records", lists);
        Assert.Contains("/v1/leads", lists);
        Assert.Contains("/v1/reconciliation/runs", lists);
        Assert.Contains("/v1/reconciliation/pending", lists);
        Assert.Contains("/v1/api-keys", lists);
        Assert.Contains("/v1/webhook-secrets", lists);
        var usage = await b.GetFromJsonAsync<JsonElement>("/v1/usage/today");
        Assert.Equal(0, usage.GetProperty("leadsAccepted").GetInt64());
        var daily = await b.GetFromJsonAsync<JsonElement>("/v1/usage/daily");
        Assert.All(daily.GetProperty("days").EnumerateArray(), d => Assert.Equal(0, d.GetProperty("accepted").GetInt32() + d.GetProperty("completed").GetInt32() + d.GetProperty("stepsRun").GetInt32()));
    }

    [Fact]
    public async Task Write_SameNamesAndKeyAsAnotherTenant_LandsOnlyInOwnTenant()
    {
        var c = await tenants.Host.CreateTenantAsync("c-" + Guid.NewGuid().ToString("N")[..10]);
        using var asC = tenants.Host.CreateTenantClient(c.ApiKey);
        using var a = tenants.Host.CreateTenantClient(tenants.A.ApiKey);

        Assert.Equal(HttpStatusCode.OK, (await asC.PutAsJsonAsync($"/v1/connections/{TwoTenants.Connection}", new { kind = "http", baseUrl = "https://198.51.100.7/" })).StatusCode);
        var published = await asC.PutAsJsonAsync($"/v1/workflows/{TwoTenants.Workflow}", TestWorkflows.TransformAndStore());
        Assert.Equal(1, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("latestVersion").GetInt32());
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/v1/workflows/{TwoTenants.Workflow}/leads") { Content = JsonContent.Create(new { email = "carol@c.example" }) };
        submit.Headers.Add("Idempotency-Key", TwoTenants.IdempotencyKey);
        var submitted = await asC.SendAsync(submit);

        // The lead id derives from (workflow, key) alone, so C's lead has A's lead id; it is still C's own new lead.
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(tenants.LeadId, accepted.GetProperty("leadId").GetString());
        Assert.False(accepted.GetProperty("replayed").GetBoolean());
        var cLead = await asC.WaitForStatusAsync(tenants.LeadId, "completed");
        Assert.Equal("carol@c.example", cLead.GetProperty("input").GetProperty("email").GetString());

        var aLead = await a.GetFromJsonAsync<JsonElement>($"/v1/leads/{tenants.LeadId}");
        Assert.Equal(tenants.Marker, aLead.GetProperty("input").GetProperty("email").GetString());
        var aConnection = Assert.Single((await a.GetFromJsonAsync<JsonElement>("/v1/connections")).GetProperty("items").EnumerateArray());
        Assert.Equal("https://203.0.113.10/api", aConnection.GetProperty("baseUrl").GetString());
        Assert.Equal(["X-Api-Key"], aConnection.GetProperty("headerNames").EnumerateArray().Select(h => h.GetString()));
        var aWorkflow = await a.GetFromJsonAsync<JsonElement>($"/v1/workflows/{TwoTenants.Workflow}");
        Assert.Equal(1, aWorkflow.GetProperty("latestVersion").GetInt32());
        var aRecord = Assert.Single((await a.GetFromJsonAsync<JsonElement>("/v1/records")).GetProperty("items").EnumerateArray());
        Assert.Equal(tenants.Marker, aRecord.GetProperty("data").GetProperty("email").GetString());
        Assert.Equal(1, (await a.GetFromJsonAsync<JsonElement>("/v1/usage/today")).GetProperty("leadsAccepted").GetInt64());
    }

    [Fact]
    public async Task Request_OwnKeyNamingAnotherTenantAnywhere_StaysInOwnTenant()
    {
        var c = await tenants.Host.CreateTenantAsync("c-" + Guid.NewGuid().ToString("N")[..10]);
        var d = tenants.B;
        using var asC = tenants.Host.CreateTenantClient(c.ApiKey);
        asC.DefaultRequestHeaders.Add("X-Tenant-Id", d.TenantId);
        asC.DefaultRequestHeaders.Add("Tenant", d.TenantId);

        var connection = await asC.PutAsJsonAsync($"/v1/connections/named?tenantId={d.TenantId}", new { kind = "http", baseUrl = "https://198.51.100.7/", tenantId = d.TenantId, tenant = d.TenantId });
        var workflow = await asC.PutAsJsonAsync($"/v1/workflows/named?tenantId={d.TenantId}", TestWorkflows.TransformAndStore());
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/v1/workflows/named/leads?tenantId={d.TenantId}")
        {
            Content = JsonContent.Create(new { email = "named@c.example", tenantId = d.TenantId }),
        };
        var submitted = await asC.SendAsync(submit);

        Assert.Equal(HttpStatusCode.OK, connection.StatusCode);
        Assert.Equal(HttpStatusCode.OK, workflow.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var leadId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await asC.WaitForStatusAsync(leadId, "completed");
        Assert.Contains("named", await asC.GetStringAsync($"/v1/connections?tenantId={d.TenantId}"), StringComparison.Ordinal);

        using var asD = tenants.Host.CreateTenantClient(d.ApiKey);
        await ProblemAssert.IsAsync(await asD.GetAsync($"/v1/leads/{leadId}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await asD.GetAsync("/v1/workflows/named"), HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain("named", await asD.GetStringAsync("/v1/connections"), StringComparison.Ordinal);
        Assert.DoesNotContain(leadId, await asD.GetStringAsync("/v1/records"), StringComparison.Ordinal);
        Assert.Equal(0, (await asD.GetFromJsonAsync<JsonElement>("/v1/usage/today")).GetProperty("leadsAccepted").GetInt64());
    }

    [Fact]
    public async Task OperatorEndpoint_WithTenantKey_Answers401WithoutTenantData()
    {
        using var b = tenants.Host.CreateTenantClient(tenants.B.ApiKey);

        foreach (var path in new[] { $"/v1/tenants/{tenants.A.TenantId}", $"/v1/tenants/{tenants.B.TenantId}", "/v1/tenants", $"/v1/tenants/{tenants.A.TenantId}/api-keys", "/v1/cluster/silos" })
        {
            var response = await b.GetAsync(path);
            await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", "The operator key is not valid.");
        }

        var rotate = await b.PostAsync($"/v1/tenants/{tenants.A.TenantId}/api-keys", null);
        await ProblemAssert.IsAsync(rotate, HttpStatusCode.Unauthorized, "unauthorized", "The operator key is not valid.");
    }

    [Fact]
    public async Task ApiKey_OtherTenantsKeyIdWithOwnSecret_Answers401()
    {
        var secretOfB = tenants.B.ApiKey[(tenants.B.ApiKey.LastIndexOf('_') + 1)..];
        var forged = $"ofk_{tenants.A.KeyId}_{secretOfB}";
        using var client = tenants.Host.CreateTenantClient(forged);

        var response = await client.GetAsync($"/v1/leads/{tenants.LeadId}");

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", "The API key is not valid (unknown, revoked or malformed).");
        AssertNoDataOfA(await response.Content.ReadAsStringAsync(), "forged key");
    }

    [Fact]
    public async Task Webhook_ToOtherTenantSignedWithOwnSecret_Answers401LikeABadSignature()
    {
        using var client = tenants.Host.CreateClient();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { email = "mallory@b.example" }, Json);

        var asB = await client.SendAsync(SignedWebhook.Create($"/v1/hooks/{tenants.A.TenantId}/{TwoTenants.Workflow}", tenants.BSecret, body));
        var garbage = await client.SendAsync(SignedWebhook.Create($"/v1/hooks/{tenants.A.TenantId}/{TwoTenants.Workflow}", "whsec_" + Convert.ToBase64String(new byte[32]), body));

        var problem = await ProblemAssert.IsAsync(asB, HttpStatusCode.Unauthorized, "unauthorized", "The webhook signature is not valid for this tenant.");
        var reference = await ProblemAssert.IsAsync(garbage, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(ProblemAssert.WithoutTraceId(reference), ProblemAssert.WithoutTraceId(problem));
        using var a = tenants.Host.CreateTenantClient(tenants.A.ApiKey);
        Assert.Equal(1, (await a.GetFromJsonAsync<JsonElement>("/v1/usage/today")).GetProperty("leadsAccepted").GetInt64());
    }

    /// <summary>Tenant endpoints (API key) whose path names a lead, workflow or connection, except PUTs, which create the caller's own.</summary>
    private IEnumerable<(string Method, string Template)> AddressingEndpoints() =>
        TenantEndpoints().Where(e => e.Template.Contains('{', StringComparison.Ordinal) && e.Method != HttpMethods.Put);

    /// <summary>Tenant endpoints (API key) that list: GETs without path parameters.</summary>
    private IEnumerable<string> ListEndpoints() =>
        TenantEndpoints().Where(e => e.Method == HttpMethods.Get && !e.Template.Contains('{', StringComparison.Ordinal)).Select(e => e.Template);

    private IEnumerable<(string Method, string Template)> TenantEndpoints()
    {
        var source = tenants.Host.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!template.StartsWith("/v1/", StringComparison.Ordinal) || template.StartsWith("/v1/tenants", StringComparison.Ordinal)
                || template.StartsWith("/v1/cluster", StringComparison.Ordinal) || template.StartsWith("/v1/hooks/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                yield return (method, System.Text.RegularExpressions.Regex.Replace(template, @"\{([A-Za-z]+):[^}]+\}", "{$1}"));
            }
        }
    }

    private string Fill(string template) => template
        .Replace("{leadId}", tenants.LeadId, StringComparison.Ordinal)
        .Replace("{runId}", tenants.RunId, StringComparison.Ordinal)
        .Replace("{operationId}", tenants.OperationId, StringComparison.Ordinal)
        .Replace("{exportId}", tenants.ExportId, StringComparison.Ordinal)
        .Replace("{retentionRunId}", tenants.RetentionRunId, StringComparison.Ordinal)
        .Replace("{erasureId}", tenants.ErasureId, StringComparison.Ordinal)
        .Replace("/connections/{name}", $"/connections/{TwoTenants.Connection}", StringComparison.Ordinal)
        .Replace("{name}", TwoTenants.Workflow, StringComparison.Ordinal)
        .Replace("{version}", "1", StringComparison.Ordinal)
        .Replace("{keyId}", tenants.A.KeyId, StringComparison.Ordinal);

    /// <summary>The same template for resources that exist nowhere, with ids of the same shape.</summary>
    private static string Missing(string template) => template
        .Replace("{leadId}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal)
        .Replace("{operationId}", "bulk_0123456789abcdef01234567", StringComparison.Ordinal)
        .Replace("{exportId}", "exp_0123456789abcdef01234567", StringComparison.Ordinal)
        .Replace("{retentionRunId}", "999999", StringComparison.Ordinal)
        .Replace("{erasureId}", "era_0123456789abcdef01234567", StringComparison.Ordinal)
        .Replace("'{leadId}'", "'0123456789abcdef0123456789abcdef'", StringComparison.Ordinal)
        .Replace("/connections/{name}", "/connections/nothere", StringComparison.Ordinal)
        .Replace("'crm'", "'nothere'", StringComparison.Ordinal)
        .Replace("{name}", "nothere", StringComparison.Ordinal)
        .Replace("'intake'", "'nothere'", StringComparison.Ordinal)
        .Replace("{keyId}", "0123456789ab", StringComparison.Ordinal);

    private void AssertNoDataOfA(string body, string what)
    {
        foreach (var secret in new[] { tenants.Marker, tenants.A.TenantId, "secret-of-a", "203.0.113.10", tenants.ASecret, tenants.ASecretId, tenants.A.ApiKey })
        {
            Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{what} as B revealed '{secret}': {body}");
        }
    }
}
