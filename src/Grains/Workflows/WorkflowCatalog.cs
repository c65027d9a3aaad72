using System.Collections.Concurrent;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Loads workflow versions for leads, once per silo: a version is immutable, so its parsed definition and input
/// schema are kept for the silo's life.
/// </summary>
public sealed class WorkflowCatalog(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<WorkflowRun>>> _versions = new();

    /// <summary>The latest version of a tenant's workflow, and the tenant's time zone.</summary>
    /// <exception cref="Contracts.Leads.UnknownWorkflowException">The tenant has no such workflow.</exception>
    public async Task<(WorkflowRun Run, string TimeZone)> GetLatestAsync(TenantId tenant, string workflow)
    {
        var info = await grains.GetGrain<ITenantGrain>(tenant.Value).GetWorkflowForRunAsync(workflow);
        return (await GetVersionAsync(tenant, workflow, info.Version), info.TimeZone);
    }

    /// <summary>A given version.</summary>
    public Task<WorkflowRun> GetVersionAsync(TenantId tenant, string workflow, int version)
    {
        var key = WorkflowKey.Format(tenant, workflow, version);
        var loading = _versions.GetOrAdd(key, k => new Lazy<Task<WorkflowRun>>(() => LoadAsync(k)));
        if (loading.Value.IsFaulted)
        {
            // A failed load (store down, version missing) is not cached.
            _versions.TryRemove(KeyValuePair.Create(key, loading));
        }

        return loading.Value;
    }

    private async Task<WorkflowRun> LoadAsync(string key)
    {
        var view = await grains.GetGrain<IWorkflowGrain>(key).GetAsync()
            ?? throw new InvalidOperationException($"Workflow version {key} is missing; publish the workflow again to restore it.");
        var definition = WorkflowDefinitionSerializer.FromJson(view.DefinitionJson);
        var (schema, error) = InputSchemas.Load(definition.Input);
        return new WorkflowRun(view.Name, view.Version, definition, schema ?? throw new InvalidOperationException($"Workflow version {key}: {error}"));
    }
}
