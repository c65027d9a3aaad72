using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Whatever the service accepted or computed can be read back: responses leave room for stored JSON inside their envelope.</summary>
public sealed class StoredJsonTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task ReadLeadAndRecords_Payload32LevelsDeep_AnswersWithThePayload()
    {
        var tenant = await _host.CreateTenantAsync("deep-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/workflows/deep", TestWorkflows.TransformAndStore())).StatusCode);
        var payload = """{"email":"deep@example.com","x":""" + new string('[', 31) + new string(']', 31) + "}";

        var submitted = await client.PostAsync("/v1/workflows/deep/leads", new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var leadId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        var lead = await client.WaitForStatusAsync(leadId, "completed");
        Assert.Equal(31, Depth(lead.GetProperty("input").GetProperty("x")));
        Assert.Equal(31, Depth(lead.GetProperty("data").GetProperty("x")));
        var records = await client.GetAsync("/v1/records");
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        var record = Assert.Single((await records.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal(31, Depth(record.GetProperty("data").GetProperty("x")));
    }

    [Fact]
    public async Task ReadLead_StepOutput60LevelsDeep_AnswersWithTheOutput()
    {
        var tenant = await _host.CreateTenantAsync("deep-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);
        var definition = new JsonObject
        {
            ["input"] = JsonNode.Parse("""{"type":"object"}"""),
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "nest",
                ["kind"] = "transform",
                ["set"] = new JsonObject { ["deep"] = $"JSON.parse('{new string('[', 60)}{new string(']', 60)}')" },
            }),
        };
        var published = await client.PutAsJsonAsync("/v1/workflows/nest", definition);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());

        var submitted = await client.PostAsJsonAsync("/v1/workflows/nest/leads", new { email = "n@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var leadId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        var lead = await client.WaitForStatusAsync(leadId, "completed");
        Assert.Equal(60, Depth(lead.GetProperty("data").GetProperty("deep")));
        var step = Assert.Single(lead.GetProperty("steps").EnumerateArray());
        Assert.Equal(60, Depth(step.GetProperty("output").GetProperty("deep")));
    }

    private static int Depth(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? 1 + (element.GetArrayLength() == 0 ? 0 : Depth(element[0])) : 0;
}
