using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Support;

/// <summary>A fresh tenant ready to receive webhooks: a published workflow and an active signing secret.</summary>
internal sealed class WebhookTenant : IDisposable
{
    public const string Workflow = "signup";

    private WebhookTenant(ApiHost host, TenantAccess access, string secret)
    {
        Access = access;
        Secret = secret;
        Client = host.CreateTenantClient(access.ApiKey);
        Operator = host.CreateOperatorClient();
        Anonymous = host.CreateClient();
    }

    public TenantAccess Access { get; }

    public string TenantId => Access.TenantId;

    /// <summary>The newest signing secret.</summary>
    public string Secret { get; private set; }

    /// <summary>A client with the tenant's API key.</summary>
    public HttpClient Client { get; }

    /// <summary>A client with the operator key.</summary>
    public HttpClient Operator { get; }

    /// <summary>A client with no credentials, as a webhook sender is.</summary>
    public HttpClient Anonymous { get; }

    public string HookPath => $"/v1/hooks/{TenantId}/{Workflow}";

    public static async Task<WebhookTenant> CreateAsync(ApiHost host, string prefix = "hook")
    {
        var access = await host.CreateTenantAsync($"{prefix}-{Guid.NewGuid().ToString("N")[..12]}");
        var tenant = new WebhookTenant(host, access, "");
        var published = await tenant.Client.PutAsJsonAsync($"/v1/workflows/{Workflow}", TestWorkflows.TransformAndStore());
        Assert.True(published.StatusCode == HttpStatusCode.OK, $"Publishing answered {(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        await tenant.RotateSecretAsync();
        return tenant;
    }

    /// <summary>Issues a new signing secret, which becomes <see cref="Secret"/>; the previous one stays active.</summary>
    public async Task<string> RotateSecretAsync()
    {
        var response = await Client.PostAsync("/v1/webhook-secrets", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var secret = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        return Secret = secret;
    }

    /// <summary>Sends a delivery signed with <paramref name="secret"/> (default the newest).</summary>
    public Task<HttpResponseMessage> SendAsync(byte[] body, string? id = null, DateTimeOffset? at = null, string? secret = null, string? path = null) =>
        Anonymous.SendAsync(SignedWebhook.Create(path ?? HookPath, secret ?? Secret, body, id, at));

    /// <summary>Today's accepted leads, from the usage endpoint.</summary>
    public async Task<long> LeadsAcceptedTodayAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>("/v1/usage/today")).GetProperty("leadsAccepted").GetInt64();

    public void Dispose()
    {
        Client.Dispose();
        Operator.Dispose();
        Anonymous.Dispose();
    }
}
