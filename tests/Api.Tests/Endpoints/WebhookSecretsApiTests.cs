using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Webhook signing secrets: created or rotated with the secret shown once, listed without it.</summary>
public sealed class WebhookSecretsApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ApiHost.Sqlite(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task List_AfterThreeRotations_ShowsCurrentAndPreviousWithoutSecrets()
    {
        var tenant = await _host.CreateTenantAsync("secrets-list");
        using var client = _host.CreateTenantClient(tenant.ApiKey);
        var created = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostAsync("/v1/webhook-secrets", null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            created.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var body = await client.GetStringAsync("/v1/webhook-secrets");

        var items = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([created[2].GetProperty("secretId").GetString(), created[1].GetProperty("secretId").GetString()], items.Select(i => i.GetProperty("secretId").GetString()));
        Assert.Equal(["current", "previous"], items.Select(i => i.GetProperty("state").GetString()));
        Assert.Equal(created[2].GetProperty("createdAt").GetDateTimeOffset(), items[0].GetProperty("createdAt").GetDateTimeOffset());
        Assert.All(created, c => Assert.DoesNotContain(c.GetProperty("secret").GetString()!, body, StringComparison.Ordinal));
        Assert.All(created, c => Assert.Equal(c.GetProperty("id").GetString(), c.GetProperty("secretId").GetString()));
    }

    [Fact]
    public async Task List_NoneCreated_IsEmpty()
    {
        var tenant = await _host.CreateTenantAsync("secrets-none");
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var list = await client.GetFromJsonAsync<JsonElement>("/v1/webhook-secrets");

        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }
}
