using OrleansFlows.Contracts.Leads;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Erasures;

/// <summary>
/// The SQL of one lead's erasure: what the lead counts before it goes, and the statements that remove every row of it
/// and leave the one audit row that says it was erased. They commit with the cleared state, in one transaction.
/// </summary>
internal static class LeadErasureRows
{
    /// <summary>The event name of the audit row an erased lead keeps.</summary>
    public const string ErasedEvent = "erased";

    /// <summary>
    /// The remaining audit row's sequence: 0, below every sequence a lead writes (they start at 1), so a new lead started
    /// by a replay of the erased lead's key never collides with it.
    /// </summary>
    public const long ErasedSequence = 0;

    /// <summary>How many attempts, audit rows and stored records the lead has, read in its turn (only its turns write them).</summary>
    public static async Task<(int Attempts, int AuditRows, int Records)> CountAsync(IProjectionStore store, LeadKey key)
    {
        var rows = await store.QueryAsync(
            """
            SELECT (SELECT COUNT(*) FROM step_attempts WHERE tenant_id = @tenant AND lead_id = @lead),
                   (SELECT COUNT(*) FROM audit_events WHERE tenant_id = @tenant AND lead_id = @lead AND sequence > 0),
                   (SELECT COUNT(*) FROM lead_records WHERE tenant_id = @tenant AND lead_id = @lead)
            """,
            Lead(key),
            row => (row.GetInt32(0), row.GetInt32(1), row.GetInt32(2)),
            key.Tenant.Value,
            CancellationToken.None);
        return rows[0];
    }

    /// <summary>
    /// Removes what the lead wrote beside its state: every attempt, audit row, batch record (of any date) and its stored
    /// record; and the list row, which carries the email and the wake time. Then the one audit row of the erasure.
    /// </summary>
    public static IEnumerable<ProjectionWrite> For(LeadKey key, string grainId, string stateName, DateTimeOffset at, string detail)
    {
        var lead = Lead(key);
        yield return new ProjectionWrite("DELETE FROM step_attempts WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite("DELETE FROM audit_events WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite("DELETE FROM batch_records WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite("DELETE FROM lead_records WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite("DELETE FROM leads WHERE tenant_id = @tenant AND lead_id = @lead", lead);
        yield return new ProjectionWrite(
            "DELETE FROM grain_state WHERE grain_id = @grain AND state_name = @state",
            new Dictionary<string, object?> { ["grain"] = grainId, ["state"] = stateName });
        yield return ProjectionWrite.InsertRow(
            "audit_events",
            new Dictionary<string, object?>
            {
                ["tenant_id"] = key.Tenant.Value,
                ["lead_id"] = key.LeadId,
                ["sequence"] = ErasedSequence,
                ["at"] = at,
                ["event"] = ErasedEvent,
                ["detail"] = detail,
            });
    }

    /// <summary>Removes a stored record of a lead that no longer exists (written by a store step that finished after the lead was erased).</summary>
    public static Task<int> DeleteOrphanRecordAsync(IProjectionStore store, LeadKey key) =>
        store.ExecuteAsync("DELETE FROM lead_records WHERE tenant_id = @tenant AND lead_id = @lead", Lead(key), key.Tenant.Value, CancellationToken.None);

    private static Dictionary<string, object?> Lead(LeadKey key) => new() { ["tenant"] = key.Tenant.Value, ["lead"] = key.LeadId };
}
