using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>A rabbitmq connection holds an AMQP URI: encrypted at rest, never returned, its broker host under the outbound address rules.</summary>
public sealed class RabbitMqConnectionsApiTests : IDisposable
{
    private const string Password = "pa55-rabbit-secret";
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Put_PublicBroker_StoresItShowingTheBrokerButNeverTheCredentials()
    {
        HttpResponseMessage put, list;
        using (var host = ProductionRulesHost())
        using (var client = await TenantClientAsync(host, "amqp-ok"))
        {
            put = await client.PutAsJsonAsync("/v1/connections/orders", new { kind = "rabbitmq", uri = $"amqps://shop:{Password}@203.0.113.7/shop%2Fprod" });
            list = await client.GetAsync("/v1/connections");
            await put.Content.LoadIntoBufferAsync();
            await list.Content.LoadIntoBufferAsync();
        }

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rabbitmq", stored.GetProperty("kind").GetString());
        Assert.Equal("amqps://203.0.113.7:5671/shop%2Fprod", stored.GetProperty("broker").GetString());
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Contains("amqps://203.0.113.7:5671/shop%2Fprod", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("shop:", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(DataFilesContain(Password), "The AMQP password must be stored encrypted.");
    }

    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "loopback")]
    [InlineData("amqp://guest:guest@10.1.2.3/", "private")]
    [InlineData("amqps://guest:guest@localhost/", "this machine")]
    [InlineData("amqp://guest:guest@[::1]:5672/", "loopback")]
    public async Task Put_BrokerOnPrivateAddress_IsRefusedNamingUriAndTheSetting(string uri, string reason)
    {
        using var host = ProductionRulesHost();
        using var client = await TenantClientAsync(host, "amqp-private");

        var response = await client.PutAsJsonAsync("/v1/connections/orders", new { kind = "rabbitmq", uri });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("uri").EnumerateArray()).GetString();
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("OrleansFlows__Outbound__AllowPrivateNetworks", message, StringComparison.Ordinal);
        Assert.DoesNotContain("guest:guest", message, StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/connections")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"kind":"rabbitmq"}""", "uri", "'uri' is required")]
    [InlineData("""{"kind":"rabbitmq","uri":"https://203.0.113.7/"}""", "uri", "amqp:// or amqps://")]
    [InlineData("""{"kind":"rabbitmq","uri":"amqp://u:p@203.0.113.7/a/b"}""", "uri", "one virtual host")]
    [InlineData("""{"kind":"rabbitmq","uri":"amqp://u:p@203.0.113.7/?heartbeat=5"}""", "uri", "query")]
    [InlineData("""{"kind":"rabbitmq","uri":"amqp://u:p@203.0.113.7/","baseUrl":"https://api.example.com/"}""", "kind", "only 'uri'")]
    [InlineData("""{"kind":"http","baseUrl":"https://203.0.113.7/","uri":"amqp://u:p@203.0.113.7/"}""", "uri", "belongs to rabbitmq")]
    public async Task Put_MalformedRabbitMqConnection_AnswersBadRequestNamingTheField(string body, string field, string expected)
    {
        using var host = ProductionRulesHost();
        using var client = await TenantClientAsync(host, "amqp-bad");

        var response = await client.PutAsync("/v1/connections/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_LoopbackBroker_IsAcceptedWhenTheOperatorAllowsPrivateNetworks()
    {
        using var host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });
        using var client = await TenantClientAsync(host, "amqp-dev");

        var response = await client.PutAsJsonAsync("/v1/connections/orders", new { kind = "rabbitmq", uri = "amqp://guest:guest@127.0.0.1:5672/" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("amqp://127.0.0.1:5672/%2F", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("broker").GetString());
    }

    public void Dispose() => _data.Dispose();

    private ApiHost ProductionRulesHost() =>
        ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "false" });

    private static async Task<HttpClient> TenantClientAsync(ApiHost host, string tenantId)
    {
        var access = await host.CreateTenantAsync(tenantId);
        return host.CreateTenantClient(access.ApiKey);
    }

    private bool DataFilesContain(string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories)
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }
}
