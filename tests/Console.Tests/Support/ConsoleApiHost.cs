using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Console.Tests.Support;

/// <summary>
/// The real API host (co-hosted silo, SQLite) served by Kestrel on a real 127.0.0.1 port, so a real browser can open
/// the console; real loopback servers stand in for the enrichment API and Slack. One per test class.
/// </summary>
public class ConsoleApiHost : IAsyncLifetime
{
    public const string OperatorKey = "ofop_console-test-operator-key-0123456789abcdef";

    private readonly TempFolder _data = new();
    private WebApplicationFactory<Program> _factory = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public EnrichmentServer Enrichment { get; private set; } = null!;

    public SlackReceiver Slack { get; private set; } = null!;

    /// <summary>Settings on top of the defaults, such as turning the console off.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Enrichment = await EnrichmentServer.StartAsync();
        Slack = await SlackReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["OrleansFlows:DataDirectory"] = _data.Path,
            ["OrleansFlows:Storage:Provider"] = "Sqlite",
            ["OrleansFlows:Storage:SqlitePath"] = Path.Combine(_data.Path, "orleansflows.db"),
            ["OrleansFlows:OperatorKey"] = OperatorKey,
            ["OrleansFlows:Cluster:SiloAddress"] = $"127.0.0.1:{LoopbackPorts.Free()}",
            ["OrleansFlows:Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            // The stand-ins listen on loopback, which workflows may call only when private networks are allowed.
            ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.Configure<OrleansFlows.Storage.StoreStartupOptions>(o => o.MaxAttempts = 2));
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Enrichment.DisposeAsync();
        await Slack.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A client of the real port, sending <paramref name="bearer"/> if given.</summary>
    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Creates a tenant with a random id through the operator API and returns its API key.</summary>
    public async Task<TenantAccess> CreateTenantAsync(string prefix)
    {
        using var client = Client(OperatorKey);
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
        var response = await client.PostAsJsonAsync("/v1/tenants", new { id, name = $"Tenant {id}", timeZone = "UTC" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating tenant '{id}' answered {(int)response.StatusCode}: {body}");
        return new TenantAccess(id, JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetProperty("key").GetString()!);
    }

    /// <summary>
    /// Gives the tenant an <c>enrichment</c> connection to the stand-in and a <c>sales</c> one to the Slack stand-in, and publishes
    /// <paramref name="definition"/> (<see cref="ConsoleWorkflows.LeadToCustomer"/> unless given) as <see cref="ConsoleWorkflows.Name"/>.
    /// </summary>
    public async Task SetUpLeadToCustomerAsync(TenantAccess tenant, string definition = ConsoleWorkflows.LeadToCustomer)
    {
        using var client = Client(tenant.ApiKey);
        await SendOkAsync(client, HttpMethod.Put, "/v1/connections/enrichment", JsonSerializer.Serialize(new { kind = "http", baseUrl = Enrichment.BaseAddress.ToString() }));
        await SendOkAsync(client, HttpMethod.Put, "/v1/connections/sales", JsonSerializer.Serialize(new { kind = "slack", webhookUrl = Slack.WebhookUrl("sales").ToString() }));
        await SendOkAsync(client, HttpMethod.Put, $"/v1/workflows/{ConsoleWorkflows.Name}", definition);
    }

    /// <summary>Submits a lead and returns its id.</summary>
    public async Task<string> SubmitLeadAsync(TenantAccess tenant, object input)
    {
        using var client = Client(tenant.ApiKey);
        var response = await client.PostAsJsonAsync($"/v1/workflows/{ConsoleWorkflows.Name}/leads", input);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Submitting a lead answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("leadId").GetString()!;
    }

    /// <summary>Waits for a lead to reach <paramref name="status"/> through the API, failing with what it last saw.</summary>
    public async Task WaitForLeadAsync(TenantAccess tenant, string leadId, string status)
    {
        using var client = Client(tenant.ApiKey);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await client.GetStringAsync($"/v1/leads/{leadId}");
            if (JsonDocument.Parse(last).RootElement.GetProperty("status").GetString() == status)
            {
                return;
            }

            // The lead runs on the silo's own schedule and nothing signals its end over HTTP; re-read on a short cadence.
            await Task.Delay(50);
        }

        throw new TimeoutException($"Lead '{leadId}' did not reach '{status}' within 30 s; last answer: {last}");
    }

    /// <summary>Whether the operator API says the tenant is suspended.</summary>
    public async Task<bool> IsSuspendedAsync(string tenantId)
    {
        using var client = Client(OperatorKey);
        return JsonDocument.Parse(await client.GetStringAsync($"/v1/tenants/{tenantId}")).RootElement.GetProperty("suspended").GetBoolean();
    }

    /// <summary>The ids of a lead's steps, in the order the API lists them.</summary>
    public async Task<string[]> StepIdsAsync(TenantAccess tenant, string leadId)
    {
        using var client = Client(tenant.ApiKey);
        var lead = JsonDocument.Parse(await client.GetStringAsync($"/v1/leads/{leadId}")).RootElement;
        return lead.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray();
    }

    private static async Task SendOkAsync(HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
