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

    /// <summary>A given version, loaded and parsed once per silo (versions are immutable).</summary>
    public Task<WorkflowRun> GetVersionAsync(TenantId tenant, string workflow, int version)
    {
        var key = WorkflowKey.Format(tenant, workflow, version);
        var loading = _versions.GetOrAdd(key, k => new Lazy<Task<WorkflowRun>>(() => LoadAsync(k)));
        var task = loading.Value;
        if (!task.IsCompletedSuccessfully)
        {
            // A failed load (store down, version missing) is not cached: whoever sees it fail removes it.
            _ = task.ContinueWith(
                t => _versions.TryRemove(KeyValuePair.Create(key, loading)),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return task;
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
