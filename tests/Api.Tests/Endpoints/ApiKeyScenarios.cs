using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The self-service API key flows, run on each store by <see cref="ApiKeysApiTests"/> and <see cref="ApiKeysApiPostgresTests"/>.</summary>
internal static class ApiKeyScenarios
{
    /// <summary>Issue a second key, list both without secrets, revoke the first with the second: the first is refused at once.</summary>
    public static async Task IssueListRevoke_RevokedKeyRefusedAtOnceAsync(ApiHost host, string tenantId)
    {
        var first = await host.CreateTenantAsync(tenantId);
        using var asFirst = host.CreateTenantClient(first.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await asFirst.GetAsync("/v1/workflows")).StatusCode); // the first key is now cached as valid

        var created = await asFirst.PostAsync("/v1/api-keys", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var issued = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secondKey = issued.GetProperty("apiKey").GetString()!;
        var secondId = issued.GetProperty("keyId").GetString()!;
        Assert.StartsWith($"ofk_{secondId}_", secondKey, StringComparison.Ordinal);
        Assert.Equal($"/v1/api-keys/{secondId}", created.Headers.Location?.OriginalString);

        using var asSecond = host.CreateTenantClient(secondKey);
        var listBody = await asSecond.GetStringAsync("/v1/api-keys");
        Assert.DoesNotContain(secondKey, listBody, StringComparison.Ordinal);
        Assert.DoesNotContain(first.ApiKey, listBody, StringComparison.Ordinal);
        var items = JsonDocument.Parse(listBody).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(new[] { first.KeyId, secondId }.Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("keyId").GetString()!).Order(StringComparer.Ordinal));
        Assert.True(items.Single(i => i.GetProperty("keyId").GetString() == secondId).GetProperty("current").GetBoolean());
        Assert.False(items.Single(i => i.GetProperty("keyId").GetString() == first.KeyId).GetProperty("current").GetBoolean());
        Assert.All(items, i => Assert.False(i.TryGetProperty("apiKey", out _)));

        var revoked = await asSecond.DeleteAsync($"/v1/api-keys/{first.KeyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await ProblemAssert.IsAsync(await asFirst.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        var remaining = await asSecond.GetFromJsonAsync<JsonElement>("/v1/api-keys");
        Assert.Equal(secondId, Assert.Single(remaining.GetProperty("items").EnumerateArray()).GetProperty("keyId").GetString());
    }

    /// <summary>The only active key can't be revoked; the refusal says why, and the key keeps working.</summary>
    public static async Task RevokeLastKey_Answers409AndKeyKeepsWorkingAsync(ApiHost host, string tenantId)
    {
        var only = await host.CreateTenantAsync(tenantId);
        using var client = host.CreateTenantClient(only.ApiKey);

        var refused = await client.DeleteAsync($"/v1/api-keys/{only.KeyId}");

        var problem = await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "conflict");
        Assert.Contains("last active key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/api-keys")).StatusCode);
    }
}
