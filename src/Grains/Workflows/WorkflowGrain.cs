using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Grains.Workflows;

/// <summary>One immutable workflow version.</summary>
public sealed class WorkflowGrain(IPersistentState<WorkflowVersionState> state) : Grain, IWorkflowGrain
{
    public async Task PublishAsync(WorkflowVersionView version)
    {
        if (state.State.Version is { } existing)
        {
            if (existing.DefinitionJson != version.DefinitionJson)
            {
                throw new InvalidOperationException($"Workflow version {GrainId} is already published with another definition; versions are immutable.");
            }

            return;
        }

        state.State.Version = version;
        await state.WriteStateAsync();
    }

    public Task<WorkflowVersionView?> GetAsync() => Task.FromResult(state.State.Version);
}
