using OrleansFlows.Contracts.Leads;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// The statements that delete a lead with its state: they commit in the same transaction as the cleared state, so a
/// lead is either whole or gone.
/// </summary>
internal static class LeadDeletionRows
{
    /// <summary>The state's name in <c>grain_state</c>, as the lead grain declares it.</summary>
    public const string StateName = "state";

    public static IEnumerable<ProjectionWrite> For(LeadKey key, string grainId, string businessDate)
    {
        var lead = new Dictionary<string, object?> { ["tenant"] = key.Tenant.Value, ["lead"] = key.LeadId };
        yield return new ProjectionWrite("DELETE FROM step_attempts WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite("DELETE FROM audit_events WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite(
            "DELETE FROM batch_records WHERE tenant_id = @tenant AND business_date = @date AND lead_id = @lead",
            new Dictionary<string, object?> { ["tenant"] = key.Tenant.Value, ["lead"] = key.LeadId, ["date"] = businessDate });

        // The list row carries the wake index (wake_at), so no sweeper can wake the lead again.
        yield return new ProjectionWrite("DELETE FROM leads WHERE tenant_id = @tenant AND lead_id = @lead", lead);

        // Clearing a state leaves an empty row with its version; this removes it too, so nothing of the lead remains.
        yield return new ProjectionWrite(
            "DELETE FROM grain_state WHERE grain_id = @grain AND state_name = @state",
            new Dictionary<string, object?> { ["grain"] = grainId, ["state"] = StateName });
    }
}
