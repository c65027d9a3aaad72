using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>One immutable workflow version.</summary>
[GrainType("workflow")]
public sealed class WorkflowGrain([PersistentState("state")] IPersistentState<WorkflowVersionState> state) : Grain, IWorkflowGrain
{
    public async Task PublishAsync(WorkflowVersionView version)
    {
        if (state.State.Version is { } existing)
        {
            if (existing.DefinitionJson != version.DefinitionJson)
            {
                throw new InvalidOperationException($"Workflow version {IdentityString} is already published with another definition; versions are immutable.");
            }

            return;
        }

        state.State.Version = version;
        await state.WriteStateAsync();
    }

    public Task<WorkflowVersionView?> GetAsync() => Task.FromResult(state.State.Version);
}
