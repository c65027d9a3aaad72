using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Tests.Erasures;

/// <summary>
/// The erasure of a data subject end to end, through the API, a real silo and a real store: alice's leads by API and
/// webhook, completed, waiting, and with a record that holds her address nested and in another case, beside bob's and
/// malice's; after the erasure the whole database is read back, every table and column, and holds nothing of alice.
/// Run on SQLite and PostgreSQL by the subclasses.
/// </summary>
public abstract class ErasuresApiContract : IAsyncLifetime
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";

    // A longer address that contains alice's: it is someone else, and must stay.
    private const string Malice = "malice@example.com";

    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await CreateHostAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await DisposeStoreAsync();
    }

    protected abstract Task<ApiHost> CreateHostAsync();

    protected abstract Task DisposeStoreAsync();

    /// <summary>Every place (table.column) in the whole database whose text, or blob read as UTF-8, holds <paramref name="needle"/>, without regard to case.</summary>
    protected abstract Task<IReadOnlyList<string>> FindEverywhereAsync(string needle);

    [Fact]
    public async Task Erase_ByEmail_LeavesNothingOfThePersonAnywhereInTheDatabase()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "erase");
        var client = tenant.Client;
        await PublishAsync(client, "nested", """[{"id":"tag","kind":"transform","set":{"seen":"true"}},{"id":"save","kind":"store"}]""", withEmail: false);
        await PublishAsync(client, "slow", """[{"id":"cool","kind":"wait","duration":"1h"},{"id":"save","kind":"store"}]""", withEmail: true);

        var byApi = await SubmitAsync(client, "signup", new { email = Alice, name = "Alice" }, idempotencyKey: "alice-api-1");
        var hookId = "msg_alice_" + Guid.NewGuid().ToString("N");
        var hookBody = JsonSerializer.SerializeToUtf8Bytes(new { email = "Alice@Example.com", name = "Alice W." });
        var byHook = await SendHookAsync(tenant, hookBody, hookId, HttpStatusCode.Accepted);
        var nested = await SubmitAsync(client, "nested", new { contact = new { work = new { address = "ALICE@EXAMPLE.COM" }, note = $"write to {Alice} please" } });
        var waiting = await SubmitAsync(client, "slow", new { email = Alice });
        var bobLead = await SubmitAsync(client, "signup", new { email = Bob, name = "Bob" });
        var bobWaiting = await SubmitAsync(client, "slow", new { email = Bob });
        foreach (var lead in new[] { byApi, byHook, nested, bobLead })
        {
            await client.WaitForStatusAsync(lead, "completed");
        }

        await client.WaitForStatusAsync(waiting, "waiting");
        await client.WaitForStatusAsync(bobWaiting, "waiting");
        var nestedRecord = (await client.GetFromJsonAsync<JsonElement>("/v1/records?limit=200")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("leadId").GetString() == nested);
        Assert.Equal("ALICE@EXAMPLE.COM", nestedRecord.GetProperty("data").GetProperty("contact").GetProperty("work").GetProperty("address").GetString());

        // The positive control of the sweep: before the erasure it finds alice in the lead, attempt, record and state tables.
        var before = await FindEverywhereAsync(Alice);
        Assert.Contains(before, p => p.StartsWith("leads.", StringComparison.Ordinal));
        Assert.Contains(before, p => p.StartsWith("lead_records.", StringComparison.Ordinal));
        Assert.Contains(before, p => p.StartsWith("grain_state.", StringComparison.Ordinal));

        var erased = await client.PostAsJsonAsync("/v1/erasures", new { email = "Alice@EXAMPLE.com" });
        var body = await erased.Content.ReadAsStringAsync();
        Assert.True(erased.StatusCode == HttpStatusCode.OK, $"POST /v1/erasures answered {(int)erased.StatusCode}: {body}");
        var erasure = JsonDocument.Parse(body).RootElement;
        var erasureId = erasure.GetProperty("erasureId").GetString()!;
        Assert.Equal($"/v1/erasures/{erasureId}", erased.Headers.Location?.ToString());
        Assert.Equal("completed", erasure.GetProperty("status").GetString());
        Assert.Equal(tenant.Access.KeyId, erasure.GetProperty("requestedBy").GetString());
        Assert.Equal(4, erasure.GetProperty("leads").GetInt32());
        Assert.Equal(1, erasure.GetProperty("cancelledLeads").GetInt32());
        Assert.Equal(3, erasure.GetProperty("records").GetInt32());
        Assert.True(erasure.GetProperty("auditRows").GetInt32() >= 8, body);
        Assert.True(erasure.GetProperty("attempts").GetInt32() >= 6, body);
        Assert.DoesNotContain("alice", body, StringComparison.OrdinalIgnoreCase);

        var read = await client.GetAsync($"/v1/erasures/{erasureId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(JsonNode.Parse(body)!.ToJsonString(), JsonNode.Parse(await read.Content.ReadAsStringAsync())!.ToJsonString());

        Assert.Empty(await FindEverywhereAsync(Alice));
        Assert.Empty(await FindEverywhereAsync("Alice W."));
        foreach (var lead in new[] { byApi, byHook, nested, waiting })
        {
            await ProblemAssert.IsAsync(await client.GetAsync($"/v1/leads/{lead}"), HttpStatusCode.NotFound, "not-found");
        }

        // Each erased lead keeps one audit row that says so, naming the erasure and the key, and nothing of alice.
        var audit = await AuditRowsAsync(tenant.TenantId, [byApi, byHook, nested, waiting]);
        Assert.Equal(4, audit.Count);
        Assert.All(audit, row =>
        {
            Assert.Equal("erased", row.Event);
            Assert.Contains(erasureId, row.Detail, StringComparison.Ordinal);
            Assert.Contains(tenant.Access.KeyId, row.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("alice", row.Detail, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(audit, row => row.LeadId == waiting && row.Detail.Contains("cancelled first", StringComparison.Ordinal));

        // Bob is whole: his leads, his record and his waiting lead.
        Assert.Equal(Bob, (await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{bobLead}")).GetProperty("input").GetProperty("email").GetString());
        Assert.Equal("waiting", (await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{bobWaiting}")).GetProperty("status").GetString());
        var records = (await client.GetFromJsonAsync<JsonElement>("/v1/records?limit=200")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("leadId").GetString()).ToList();
        Assert.Equal([bobLead], records);
        Assert.NotEmpty(await FindEverywhereAsync(Bob));

        // Reactivated, an erased lead is empty: its grain state is gone, and reading it writes nothing back.
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        foreach (var lead in new[] { byApi, byHook, nested, waiting })
        {
            Assert.Null(await grains.GetGrain<ILeadGrain>(LeadKey.Create(TenantId.Parse(tenant.TenantId), lead).ToString()).GetAsync());
        }

        Assert.Empty(await FindEverywhereAsync(Alice));

        // A replay of the webhook is a new delivery of alice's data: it starts a fresh lead under the same id.
        var replayed = await SendHookAsync(tenant, hookBody, hookId, HttpStatusCode.Accepted);
        Assert.Equal(byHook, replayed);
        var fresh = await client.WaitForStatusAsync(replayed, "completed");
        Assert.Equal("Alice@Example.com", fresh.GetProperty("input").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Erase_ByEmail_KeepsLongerAddressesThatContainIt()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "longer");
        var malice = await SubmitAsync(tenant.Client, "signup", new { email = Malice });
        var australian = await SubmitAsync(tenant.Client, "signup", new { email = Alice + ".au" });
        var alice = await SubmitAsync(tenant.Client, "signup", new { email = $"Alice <{Alice.ToUpperInvariant()}>" });
        foreach (var lead in new[] { malice, australian, alice })
        {
            await tenant.Client.WaitForStatusAsync(lead, "completed");
        }

        var erasure = await EraseAsync(tenant.Client, new { email = Alice });

        Assert.Equal(1, erasure.GetProperty("leads").GetInt32());
        Assert.Equal(1, erasure.GetProperty("records").GetInt32());
        await ProblemAssert.IsAsync(await tenant.Client.GetAsync($"/v1/leads/{alice}"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(Malice, (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{malice}")).GetProperty("input").GetProperty("email").GetString());
        Assert.Equal(Alice + ".au", (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{australian}")).GetProperty("input").GetProperty("email").GetString());
        var records = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/records?limit=200")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("leadId").GetString());
        Assert.Equal(new[] { malice, australian }.Order(StringComparer.Ordinal), records.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Erase_StoreStepThatFinishesAfterTheErasure_LeavesNoRecord()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "late");
        await PublishAsync(tenant.Client, "slow", """[{"id":"cool","kind":"wait","duration":"1h"},{"id":"save","kind":"store"}]""", withEmail: true);
        var lead = await SubmitAsync(tenant.Client, "slow", new { email = Alice });
        await tenant.Client.WaitForStatusAsync(lead, "waiting");
        var key = LeadKey.Create(TenantId.Parse(tenant.TenantId), lead);

        var erasure = await EraseAsync(tenant.Client, new { email = Alice });
        Assert.Equal(1, erasure.GetProperty("cancelledLeads").GetInt32());

        // As a store attempt in flight at the erasure does: it writes its record, then reports to the lead.
        await _host.Services.GetRequiredService<OrleansFlows.Grains.Records.LeadRecords>().UpsertAsync(
            key.Tenant, lead, "slow", $$"""{"email":"{{Alice}}"}""", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.NotEmpty(await FindEverywhereAsync(Alice));
        await _host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILeadGrain>(key.ToString()).ReportStepOutcomeAsync(StepOutcome.Success("save", 1, outputJson: null));

        Assert.Empty(await FindEverywhereAsync(Alice));
        await ProblemAssert.IsAsync(await tenant.Client.GetAsync($"/v1/leads/{lead}"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Erase_ByLeadId_ErasesOnlyThatLead()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "bylead");
        var first = await SubmitAsync(tenant.Client, "signup", new { email = Alice });
        var second = await SubmitAsync(tenant.Client, "signup", new { email = Alice });
        await tenant.Client.WaitForStatusAsync(first, "completed");
        await tenant.Client.WaitForStatusAsync(second, "completed");

        var erasure = await EraseAsync(tenant.Client, new { leadId = first });

        Assert.Equal(1, erasure.GetProperty("leads").GetInt32());
        Assert.Equal(0, erasure.GetProperty("cancelledLeads").GetInt32());
        Assert.Equal(1, erasure.GetProperty("records").GetInt32());
        await ProblemAssert.IsAsync(await tenant.Client.GetAsync($"/v1/leads/{first}"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(Alice, (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{second}")).GetProperty("input").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Erase_EmailThatMatchesNothing_CompletesWithZeroCounts()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "nothing");
        var lead = await SubmitAsync(tenant.Client, "signup", new { email = Bob });
        await tenant.Client.WaitForStatusAsync(lead, "completed");

        var erasure = await EraseAsync(tenant.Client, new { email = "nobody@example.com" });
        var unknownLead = await EraseAsync(tenant.Client, new { leadId = "no-such-lead" });

        foreach (var counted in new[] { erasure, unknownLead })
        {
            Assert.Equal("completed", counted.GetProperty("status").GetString());
            Assert.All(new[] { "leads", "cancelledLeads", "records", "auditRows", "attempts" }, count => Assert.Equal(0, counted.GetProperty(count).GetInt32()));
        }

        Assert.Equal("completed", (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{lead}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Erase_ByAnotherTenant_TouchesNothingAndItsErasureIsMissingForTheOther()
    {
        using var a = await WebhookTenant.CreateAsync(_host, "iso-a");
        using var b = await WebhookTenant.CreateAsync(_host, "iso-b");
        var aLead = await SubmitAsync(a.Client, "signup", new { email = Alice }, idempotencyKey: "shared-key");
        await a.Client.WaitForStatusAsync(aLead, "completed");

        var byB = await EraseAsync(b.Client, new { email = Alice });
        var byBLead = await EraseAsync(b.Client, new { leadId = aLead });
        Assert.Equal(0, byB.GetProperty("leads").GetInt32() + byBLead.GetProperty("leads").GetInt32() + byB.GetProperty("records").GetInt32() + byBLead.GetProperty("records").GetInt32());
        Assert.Equal(Alice, (await a.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{aLead}")).GetProperty("input").GetProperty("email").GetString());

        var aErasure = (await EraseAsync(a.Client, new { email = "nobody@example.com" })).GetProperty("erasureId").GetString()!;
        await ProblemAssert.IsAsync(await b.Client.GetAsync($"/v1/erasures/{aErasure}"), HttpStatusCode.NotFound, "not-found", $"Erasure '{aErasure}' does not exist.");
        await ProblemAssert.IsAsync(
            await a.Client.GetAsync("/v1/erasures/era_000000000000000000000000"), HttpStatusCode.NotFound, "not-found", "Erasure 'era_000000000000000000000000' does not exist.");
        await ProblemAssert.IsAsync(await a.Client.GetAsync("/v1/erasures/nonsense"), HttpStatusCode.NotFound, "not-found", "Erasure 'nonsense' does not exist.");
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/v1/erasures/{aErasure}")).StatusCode);
    }

    [Theory]
    [InlineData("{}", "email", "Give either 'email' or 'leadId' (exactly one).")]
    [InlineData("""{"email":"a@example.com","leadId":"abc"}""", "leadId", "Give either 'email' or 'leadId', not both.")]
    [InlineData("""{"email":"not-an-address"}""", "email", "'email' must be an address of the form name@domain, 3 to 320 characters without spaces.")]
    [InlineData("""{"email":"a b@example.com"}""", "email", "'email' must be an address of the form name@domain, 3 to 320 characters without spaces.")]
    [InlineData("""{"leadId":"../other"}""", "leadId", "'leadId' must be 1 to 64 letters, digits, '-' or '_'.")]
    [InlineData("""{"email":null,"leadId":null}""", "email", "Give either 'email' or 'leadId' (exactly one).")]
    public async Task Erase_InvalidBody_Answers400NamingTheFieldAndErasesNothing(string json, string field, string message)
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "bad");
        var lead = await SubmitAsync(tenant.Client, "signup", new { email = "a@example.com" }, idempotencyKey: "abc");
        await tenant.Client.WaitForStatusAsync(lead, "completed");

        var response = await tenant.Client.PostAsync("/v1/erasures", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("completed", (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{lead}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Erase_EmailOfTheWrongType_Answers400NamingTheField()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host, "type");

        var response = await tenant.Client.PostAsync("/v1/erasures", new StringContent("""{"email":42}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.email", out _), problem.ToString());
    }

    [Fact]
    public async Task Erase_WithoutAValidKey_Answers401()
    {
        using var client = _host.CreateTenantClient("ofk_nope_nope");

        await ProblemAssert.IsAsync(await client.PostAsJsonAsync("/v1/erasures", new { email = Alice }), HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task PublishAsync(HttpClient client, string name, string steps, bool withEmail)
    {
        var definition = new JsonObject
        {
            ["input"] = withEmail
                ? JsonNode.Parse("""{"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}""")
                : JsonNode.Parse("""{"type":"object"}"""),
            ["steps"] = JsonNode.Parse(steps),
        };
        var published = await client.PutAsJsonAsync($"/v1/workflows/{name}", definition);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
    }

    private static async Task<string> SubmitAsync(HttpClient client, string workflow, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/workflows/{workflow}/leads") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
    }

    private static async Task<string> SendHookAsync(WebhookTenant tenant, byte[] body, string id, HttpStatusCode expected)
    {
        var response = await tenant.SendAsync(body, id);
        Assert.True(response.StatusCode == expected, $"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
    }

    private static async Task<JsonElement> EraseAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/v1/erasures", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /v1/erasures answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<IReadOnlyList<(string LeadId, string Event, string Detail)>> AuditRowsAsync(string tenantId, IReadOnlyList<string> leads)
    {
        var store = _host.Services.GetRequiredService<IProjectionStore>();
        var rows = await store.QueryAsync(
            "SELECT lead_id, event, detail FROM audit_events WHERE tenant_id = @tenant ORDER BY lead_id",
            new Dictionary<string, object?> { ["tenant"] = tenantId },
            row => (row.GetString(0), row.GetString(1), row.GetStringOrNull(2) ?? ""),
            tenantId,
            CancellationToken.None);
        return [.. rows.Where(r => leads.Contains(r.Item1))];
    }
}
