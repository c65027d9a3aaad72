using OrleansFlows.Cluster.Tests.Hosting;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Cluster.Tests;

/// <summary>
/// The product's domain errors, raised in a grain on a silo, reach a cluster client (the API in client mode) with their
/// type, message and data, which the API's problem documents are made of.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RemoteErrorTests(PostgresServer postgres) : IAsyncLifetime
{
    private TestStore? _store;
    private ProductCluster? _cluster;

    private IClusterClient Client => _cluster!.Client;

    public async Task InitializeAsync()
    {
        _store = await TestStore.PostgresAsync(postgres, nameof(RemoteErrorTests));
        _cluster = await ProductCluster.StartAsync(_store, silos: 2);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task CallThroughClient_DomainErrorsOnSilo_ArriveWithTypeMessageAndData()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var tenantGrain = Client.GetGrain<ITenantGrain>(tenantId);

        var tenantError = await Assert.ThrowsAsync<TenantValidationException>(() => tenantGrain.SetProfileAsync(new TenantProfile("Bakery", "Mars/Olympus_Mons")));
        var timeZone = Assert.Single(tenantError.Errors);
        Assert.Contains("Mars/Olympus_Mons", string.Join(" ", timeZone.Value), StringComparison.Ordinal);
        Assert.Equal(new TenantValidationException(tenantError.Errors).Message, tenantError.Message);

        // Nothing listens there: no call is made in this test.
        var tenant = await Client.CreateTenantAsync(new Uri("http://127.0.0.1:9/"), new Uri("http://127.0.0.1:9/hooks/sales"));
        tenantGrain = Client.GetGrain<ITenantGrain>(tenant.Value);
        var workflowError = await Assert.ThrowsAsync<WorkflowValidationException>(() =>
            tenantGrain.PublishWorkflowAsync("broken", """{"steps":[{"id":"x","kind":"teleport"}]}"""));
        Assert.NotEmpty(workflowError.Problems);
        Assert.All(workflowError.Problems, p => Assert.False(string.IsNullOrEmpty(p.Path)));
        Assert.Equal(new WorkflowValidationException(workflowError.Problems).Message, workflowError.Message);

        await Client.PublishAsync(tenant, "waiting", ClusterWorkflows.Waiting("1h"));
        var leadError = await Assert.ThrowsAsync<LeadValidationException>(() => Client.SubmitAsync(tenant, "waiting", """{"name":"No Email"}""", "form-1"));
        Assert.NotEmpty(leadError.Errors);
        Assert.Contains(leadError.Errors, e => string.Join(" ", e.Value).Contains("email", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(new LeadValidationException(leadError.Errors).Message, leadError.Message);

        Assert.True((await Client.SubmitAsync(tenant, "waiting", """{"email":"ada@example.com"}""", "form-2")).Created);
        var conflict = await Assert.ThrowsAsync<LeadConflictException>(() => Client.SubmitAsync(tenant, "waiting", """{"email":"bob@example.com"}""", "form-2"));
        Assert.Contains("form-2", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("different body", conflict.Message, StringComparison.Ordinal);
    }
}
