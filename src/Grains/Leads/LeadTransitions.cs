using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Leads;

/// <summary>The one table of lead status changes a caller may ask for.</summary>
public static class LeadTransitions
{
    public static bool IsTerminal(LeadStatus status) => status is LeadStatus.Completed or LeadStatus.Failed or LeadStatus.Cancelled;

    /// <summary>Whether a caller may move a lead from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(LeadStatus from, LeadStatus to) => (from, to) switch
    {
        (LeadStatus.Accepted or LeadStatus.Running or LeadStatus.Waiting, LeadStatus.Cancelled) => true,
        (LeadStatus.Failed, LeadStatus.Running) => true,
        _ => false,
    };

    /// <exception cref="InvalidLeadTransitionException">The change is not allowed; the message names both states.</exception>
    public static void Ensure(LeadStatus from, LeadStatus to, string leadId)
    {
        if (!IsAllowed(from, to))
        {
            var what = to == LeadStatus.Cancelled ? "cancelled (only accepted, running or waiting leads can be)" : "retried (only failed leads can be)";
            throw new InvalidLeadTransitionException($"Lead {leadId} is {Name(from)} and can't be {what}.");
        }
    }

    private static string Name(LeadStatus status) => status.ToString().ToLowerInvariant();
}
