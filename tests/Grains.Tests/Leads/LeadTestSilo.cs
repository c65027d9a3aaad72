using System.Text;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Tests.Hosting;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>
/// A product silo on its own store and data folder, with helpers to set up tenants (random ids, so shared stores stay
/// safe), publish workflows and submit leads as the API would.
/// </summary>
internal sealed class LeadTestSilo : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private LeadTestSilo(TestStore store, string dataDirectory, ProductSilo silo)
    {
        Store = store;
        _dataDirectory = dataDirectory;
        Silo = silo;
    }

    public TestStore Store { get; }

    public ProductSilo Silo { get; }

    public static async Task<LeadTestSilo> StartAsync(TestStore store, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("orleansflows-grains-").FullName;
        try
        {
            return new LeadTestSilo(store, dataDirectory, await ProductSilo.StartAsync(store, dataDirectory, settings));
        }
        catch
        {
            await store.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Creates a tenant with a random id and, for each (name, base URL), an http connection.</summary>
    public async Task<TenantId> CreateTenantAsync(params (string Name, Uri BaseUrl)[] connections)
    {
        var tenant = TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);
        var grain = Silo.Grains.GetGrain<ITenantGrain>(tenant.Value);
        await grain.SetProfileAsync(new TenantProfile("Test Bakery", "Europe/Berlin"));
        foreach (var (name, baseUrl) in connections)
        {
            await grain.PutConnectionAsync(new ConnectionSpec(name, ConnectionKind.Http, baseUrl.ToString(), new Dictionary<string, string>(), null));
        }

        return tenant;
    }

    public Task PublishAsync(TenantId tenant, string workflow, JsonObject definition) =>
        Silo.Grains.GetGrain<ITenantGrain>(tenant.Value).PublishWorkflowAsync(workflow, definition.ToJsonString());

    /// <summary>Submits a lead under an idempotency key, as the API does, and checks that it was created.</summary>
    public async Task<LeadKey> SubmitAsync(TenantId tenant, string workflow, string body, string key)
    {
        var lead = LeadKey.Create(tenant, LeadIds.FromIdempotencyKey(workflow, key));
        var result = await Silo.Grains.GetGrain<ILeadGrain>(lead.ToString())
            .SubmitAsync(new SubmitLead(workflow, body, key, LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api"));
        Assert.True(result.Created, $"Lead {lead} already existed.");
        return lead;
    }

    public Task<LeadView> WaitForStatusAsync(LeadKey lead, LeadStatus status, TimeSpan? timeout = null) =>
        Silo.Grains.WaitForStatusAsync(lead.ToString(), status, timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Silo.DisposeAsync();
        }
        finally
        {
            await Store.DisposeAsync();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
