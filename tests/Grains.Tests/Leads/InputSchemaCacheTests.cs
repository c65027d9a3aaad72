using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>A workflow version's input schema is built once per silo and shared by every lead of that version.</summary>
public sealed class InputSchemaCacheTests : IAsyncLifetime
{
    private LeadTestSilo _silo = null!;
    private TenantId _tenant;

    public async Task InitializeAsync()
    {
        _silo = await LeadTestSilo.StartAsync(TestStore.Sqlite());
        _tenant = await _silo.CreateTenantAsync();
    }

    public Task DisposeAsync() => _silo.DisposeAsync().AsTask();

    [Fact]
    public async Task Submit_ManyLeadsOfOneVersion_ShareOneBuiltSchema()
    {
        await _silo.PublishAsync(_tenant, "cached", Workflows.Transform("lead.email.toUpperCase()"));
        var catalog = _silo.Silo.Services.GetRequiredService<WorkflowCatalog>();
        var (before, _) = await catalog.GetLatestAsync(_tenant, "cached");

        for (var i = 0; i < 3; i++)
        {
            var lead = await _silo.SubmitAsync(_tenant, "cached", $$"""{"email":"ada{{i}}@example.com"}""", $"k{i}");
            await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
        }

        var refused = await Assert.ThrowsAsync<LeadValidationException>(() => _silo.SubmitAsync(_tenant, "cached", """{"name":"Ada"}""", "bad"));
        Assert.Equal(["'email' is required."], refused.Errors["$.email"]);
        var (after, _) = await catalog.GetLatestAsync(_tenant, "cached");
        Assert.Same(before, after);
        Assert.Same(before.InputSchema, after.InputSchema);
        Assert.Same(before.InputSchema, (await catalog.GetVersionAsync(_tenant, "cached", before.Version)).InputSchema);
    }

    [Fact]
    public async Task Publish_NewVersion_BuildsItsOwnSchema()
    {
        await _silo.PublishAsync(_tenant, "versions", Workflows.Transform("lead.email.toUpperCase()"));
        var catalog = _silo.Silo.Services.GetRequiredService<WorkflowCatalog>();
        var (first, _) = await catalog.GetLatestAsync(_tenant, "versions");

        await _silo.PublishAsync(_tenant, "versions", Workflows.Transform("lead.email.toLowerCase()"));
        var (second, _) = await catalog.GetLatestAsync(_tenant, "versions");

        Assert.Equal(first.Version + 1, second.Version);
        Assert.NotSame(first.InputSchema, second.InputSchema);
        Assert.Same(first.InputSchema, (await catalog.GetVersionAsync(_tenant, "versions", first.Version)).InputSchema);
    }
}
