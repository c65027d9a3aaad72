using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

/// <summary>What one turn of a lead commits with its state (rows) and then does (step attempts to dispatch).</summary>
internal sealed class LeadCommit
{
    public List<ProjectionWrite> Rows { get; } = [];

    public List<(StepDefinition Step, int Attempt)> Dispatches { get; } = [];

    /// <summary>Whether this turn failed the lead: it is logged once the failure is stored.</summary>
    public bool FailsLead { get; set; }

    /// <summary>The statuses this turn moved the lead to, counted (<see cref="LeadMetrics"/>) once they are stored.</summary>
    public List<LeadStatus> Reached { get; } = [];
}
