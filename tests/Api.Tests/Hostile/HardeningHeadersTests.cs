using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>nosniff on every answer, no-store on answers that carry a secret, and no Server banner.</summary>
public sealed class HardeningHeadersTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    [Fact]
    public async Task Answers_SuccessRefusalAndMissingRoute_AllSayNosniff()
    {
        using var anonymous = fixture.Host.CreateClient();
        using var operatorClient = fixture.Host.CreateOperatorClient();

        foreach (var response in new[]
        {
            await operatorClient.GetAsync("/v1/tenants"), await anonymous.GetAsync("/v1/tenants"), await anonymous.GetAsync("/nowhere"),
            await anonymous.GetAsync("/health/live"), await anonymous.GetAsync("/openapi/v1.json"),
        })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task AnswersWithSecrets_NewTenantApiKeyWebhookSecret_AreNoStore()
    {
        using var operatorClient = fixture.Host.CreateOperatorClient();
        var id = $"secret-{Guid.NewGuid().ToString("N")[..10]}";

        var created = await operatorClient.PostAsJsonAsync("/v1/tenants", new { id, name = "Secret", timeZone = "UTC" });
        var rotated = await operatorClient.PostAsync($"/v1/tenants/{id}/api-keys", null);
        var tenant = await fixture.Host.CreateTenantAsync(id + "-b");
        using var client = fixture.Host.CreateTenantClient(tenant.ApiKey);
        var webhookSecret = await client.PostAsync("/v1/webhook-secrets", null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, webhookSecret.StatusCode);
        foreach (var response in new[] { created, rotated, webhookSecret })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} answered without Cache-Control: no-store.");
        }

        var read = await operatorClient.GetAsync($"/v1/tenants/{id}");
        Assert.NotEqual(true, read.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public void Kestrel_SendsNoServerHeader()
    {
        var kestrel = fixture.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
    }
}
