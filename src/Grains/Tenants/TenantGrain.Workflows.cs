using System.Security.Cryptography;
using System.Text;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Queues;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    public async Task<WorkflowSummary> PublishWorkflowAsync(string name, string definitionJson)
    {
        EnsureExists();
        if (!WorkflowKey.IsValidName(name))
        {
            throw new ArgumentException($"Workflow name '{name}' must be 1 to {WorkflowKey.MaxNameLength} lower-case letters, digits and '-', not starting with '-'.", nameof(name));
        }

        var definition = await WorkflowPublishing.ParseAsync(definitionJson, ConnectionKinds());
        var canonical = WorkflowDefinitionSerializer.ToJson(definition);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var entry = state.State.Workflows.GetValueOrDefault(name) ?? new WorkflowEntry();
        var latest = entry.Versions.LastOrDefault();
        var version = latest is not null && latest.DefinitionHash == hash
            ? latest
            : new WorkflowVersionSummary(entry.LatestVersion + 1, timeProvider.GetUtcNow(), hash);
        if (!ReferenceEquals(version, latest))
        {
            entry.Versions.Add(version);
            state.State.Workflows[name] = entry;
            await CommitAsync();
        }

        // The version is recorded before its definition is stored; publishing again repairs a definition whose store failed.
        var key = WorkflowKey.Format(Id, name, version.Version);
        await GrainFactory.GetGrain<IWorkflowGrain>(key).PublishAsync(new WorkflowVersionView(Id.Value, name, version.Version, canonical, version.PublishedAt));

        // The version's trigger starts, replaces or stops the consumer (an earlier version may have had one).
        if (definition.Trigger is not null || version.Version > 1)
        {
            await GrainFactory.GetGrain<IQueueConsumerGrain>(QueueConsumerKey.Format(Id, name)).RefreshAsync();
        }

        return Summary(name, entry);
    }

    public Task<WorkflowSummary?> GetWorkflowAsync(string name) =>
        Task.FromResult(state.State.Workflows.TryGetValue(name, out var entry) ? Summary(name, entry) : null);

    public Task<IReadOnlyList<WorkflowSummary>> ListWorkflowsAsync() =>
        Task.FromResult<IReadOnlyList<WorkflowSummary>>(state.State.Workflows.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => Summary(w.Key, w.Value)).ToList());

    public Task<WorkflowRunInfo> GetWorkflowForRunAsync(string name)
    {
        if (state.State.Profile is not { } profile || !state.State.Workflows.TryGetValue(name, out var entry) || entry.LatestVersion == 0)
        {
            throw new UnknownWorkflowException($"Tenant '{Id}' has no workflow '{name}'.");
        }

        return Task.FromResult(new WorkflowRunInfo(name, entry.LatestVersion, profile.TimeZone));
    }

    private static WorkflowSummary Summary(string name, WorkflowEntry entry) => new(name, entry.LatestVersion, entry.Versions.ToList());
}
