using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Leads;

/// <summary>Maps a lead's state to what callers see.</summary>
internal static class LeadViews
{
    public static LeadView From(LeadKey key, LeadState state) => new(
        key.Tenant.Value,
        key.LeadId,
        state.Workflow,
        state.WorkflowVersion,
        state.Status,
        state.AcceptedAt,
        state.UpdatedAt,
        state.FailureReason,
        state.FailedStepId,
        state.Steps.Select(s => new LeadStepView(
            s.Key,
            s.Value.Kind,
            s.Value.Status,
            s.Value.Attempt,
            s.Value.StartedAt,
            s.Value.FinishedAt,
            s.Value.DueAt,
            s.Value.LastError,
            s.Value.Output?.ToJsonString())).ToList(),
        state.Input.ToJsonString(),
        LeadData.Merge(state).ToJsonString());
}
