using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.RabbitMq;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary><c>POST /v1/connections/{name}/test</c> on a rabbitmq connection logs in to the real broker and reports what it refused.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqConnectionTestApiTests(RabbitMqServer broker) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Test_GoodCredentials_AnswersOk()
    {
        using var host = Host();
        using var client = await TenantAsync(host, "amqp-test-ok", broker.AmqpUri.ToString());

        var result = await client.PostAsync("/v1/connections/events/test", null);

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var body = await result.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("ok").GetBoolean(), body.GetRawText());
    }

    [Theory]
    [InlineData("amqp://guest:wrong-pass-9431@127.0.0.1:{port}/", "login")]
    [InlineData("amqp://guest:guest@127.0.0.1:{port}/no-such-vhost", "no-such-vhost")]
    public async Task Test_RefusedLoginOrVirtualHost_AnswersNotOkSayingWhyWithoutTheCredentials(string uri, string expected)
    {
        using var host = Host();
        using var client = await TenantAsync(host, "amqp-test-bad", uri.Replace("{port}", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var result = await client.PostAsync("/v1/connections/events/test", null);

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var body = await result.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("ok").GetBoolean());
        var error = body.GetProperty("error").GetString();
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wrong-pass-9431", body.GetRawText(), StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private ApiHost Host() =>
        ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });

    private static async Task<HttpClient> TenantAsync(ApiHost host, string tenantId, string uri)
    {
        var client = host.CreateTenantClient((await host.CreateTenantAsync(tenantId)).ApiKey);
        var put = await client.PutAsJsonAsync("/v1/connections/events", new { kind = "rabbitmq", uri });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return client;
    }
}
