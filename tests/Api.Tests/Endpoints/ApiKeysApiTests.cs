using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Tenant self-service API keys on SQLite: the same tenant-grain methods and key index as the operator's.</summary>
public sealed class ApiKeysApiTests : IAsyncLifetime
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
    public Task IssueListRevoke_WithSecondKey_RevokedKeyIsRefusedAtOnce() =>
        ApiKeyScenarios.IssueListRevoke_RevokedKeyRefusedAtOnceAsync(_host, "keys-flow");

    [Fact]
    public Task Revoke_LastActiveKey_Answers409AndKeyKeepsWorking() =>
        ApiKeyScenarios.RevokeLastKey_Answers409AndKeyKeepsWorkingAsync(_host, "keys-last");

    [Fact]
    public async Task Issue_TwoMoreKeys_OldestIsRevokedAndRefusedAtOnce()
    {
        var first = await _host.CreateTenantAsync("keys-rotate");
        using var asFirst = _host.CreateTenantClient(first.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await asFirst.GetAsync("/v1/api-keys")).StatusCode);

        var second = (await (await asFirst.PostAsync("/v1/api-keys", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        using var asSecond = _host.CreateTenantClient(second);
        var third = await asSecond.PostAsync("/v1/api-keys", null);

        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        await ProblemAssert.IsAsync(await asFirst.GetAsync("/v1/api-keys"), HttpStatusCode.Unauthorized, "unauthorized");
        var listed = await asSecond.GetFromJsonAsync<JsonElement>("/v1/api-keys");
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Revoke_BothKeysAtOnce_OneIsRevokedAndTheOtherKept()
    {
        var first = await _host.CreateTenantAsync("keys-race");
        using var asFirst = _host.CreateTenantClient(first.ApiKey);
        var second = (await (await asFirst.PostAsync("/v1/api-keys", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetString()!;

        var answers = await Task.WhenAll(asFirst.DeleteAsync($"/v1/api-keys/{first.KeyId}"), asFirst.DeleteAsync($"/v1/api-keys/{second}"));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        using var operatorClient = _host.CreateOperatorClient();
        var left = await operatorClient.GetFromJsonAsync<JsonElement>($"/v1/tenants/{first.TenantId}/api-keys");
        Assert.Equal(1, left.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Revoke_OtherTenantsKeyOrUnknownKey_Answers404AndRevokesNothing()
    {
        var a = await _host.CreateTenantAsync("keys-a");
        var b = await _host.CreateTenantAsync("keys-b");
        using var asB = _host.CreateTenantClient(b.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await asB.PostAsync("/v1/api-keys", null)).StatusCode);

        var other = await asB.DeleteAsync($"/v1/api-keys/{a.KeyId}");
        var unknown = await asB.DeleteAsync("/v1/api-keys/0123456789ab");

        await ProblemAssert.IsAsync(other, HttpStatusCode.NotFound, "not-found", $"The tenant has no active API key '{a.KeyId}'.");
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "not-found", "The tenant has no active API key '0123456789ab'.");
        using var asA = _host.CreateTenantClient(a.ApiKey);
        Assert.Equal(a.KeyId, Assert.Single((await asA.GetFromJsonAsync<JsonElement>("/v1/api-keys")).GetProperty("items").EnumerateArray()).GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task OperatorRevoke_KeyInUse_IsRefusedAtOnce()
    {
        var tenant = await _host.CreateTenantAsync("keys-operator");
        using var client = _host.CreateTenantClient(tenant.ApiKey);
        using var operatorClient = _host.CreateOperatorClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/api-keys")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/v1/tenants/{tenant.TenantId}/api-keys/{tenant.KeyId}")).StatusCode);

        await ProblemAssert.IsAsync(await client.GetAsync("/v1/api-keys"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
