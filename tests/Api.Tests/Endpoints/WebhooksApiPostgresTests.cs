using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Signed webhook intake on PostgreSQL: accepted durably once, replayed without a second run, records read back.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class WebhooksApiPostgresTests(PostgresServer server) : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("api_webhooks");
        _host = ApiHost.Postgres(_data.Path, _connectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    [Fact]
    public async Task Receive_ValidThenSameId_Answers202Then200AndRunsOnce()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { email = "pg@example.com", name = "Pat" });
        var id = "msg_" + Guid.NewGuid().ToString("N");

        var first = await tenant.SendAsync(body, id);
        var again = await tenant.SendAsync(body, id);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var leadId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(leadId, replayed.GetProperty("leadId").GetString());
        Assert.True(replayed.GetProperty("replayed").GetBoolean());

        var lead = await tenant.Client.WaitForStatusAsync(leadId, "completed");
        Assert.All(lead.GetProperty("steps").EnumerateArray(), step => Assert.Equal(1, step.GetProperty("attempts").GetInt32()));
        var record = Assert.Single((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/records")).GetProperty("items").EnumerateArray());
        Assert.Equal(leadId, record.GetProperty("leadId").GetString());
        Assert.Equal("pg@example.com", record.GetProperty("data").GetProperty("email").GetString());
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_SameIdDifferentBody_Answers409()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var id = "msg_" + Guid.NewGuid().ToString("N");

        var first = await tenant.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { email = "one@example.com" }), id);
        var second = await tenant.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { email = "two@example.com" }), id);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await ProblemAssert.IsAsync(second, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_PayloadWithNulCharacter_Answers400AndStoresNothing()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"email":"nul\u0000@example.com"}"""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
    }
}
