using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Workflows;

/// <summary>
/// One published version of a workflow (<c>workflow/{tenantId}/{name}/{version}</c>). It is immutable once
/// published, so leads running on it never see a later version.
/// </summary>
[Alias("workflow")]
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Stores the version's definition. Publishing the same definition again is a no-op; a different one is refused.</summary>
    Task PublishAsync(WorkflowVersionView version);

    /// <summary>The version, or null if it was never published.</summary>
    [ReadOnly]
    Task<WorkflowVersionView?> GetAsync();
}
