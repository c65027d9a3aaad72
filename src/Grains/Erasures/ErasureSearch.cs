using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Erasures;

/// <summary>
/// Finds what of a tenant holds an email: the leads (by their list row's email, or the email anywhere in their state,
/// attempts, audit rows, batch records or stored record) and the stored records (any field at any depth). Stored text
/// is searched in lower case with <c>LIKE</c>, and each hit is checked in full (<see cref="EmailMatch"/>), so a longer
/// address that contains the email is not taken for it. Every query filters by the tenant and runs in its scope.
/// </summary>
/// <remarks>The texts are scanned, not indexed: an erasure is rare, and it must find the email wherever it is.</remarks>
internal sealed class ErasureSearch(IProjectionStore store)
{
    /// <summary>The ids of the tenant's leads that hold the email anywhere.</summary>
    public async Task<IReadOnlySet<string>> LeadsHoldingAsync(TenantId tenant, EmailMatch email, CancellationToken cancellationToken)
    {
        var parameters = Parameters(tenant, email);
        parameters["key"] = email.Key;
        parameters["grainPrefix"] = EmailMatch.LikePattern($"lead/{tenant.Value}/")[1..];
        string Like(string column) => string.Join(" OR ", email.Needles.Select((_, i) => $"lower(CAST({column} AS TEXT)) LIKE @needle{i} ESCAPE '\\'"));

        var hits = await store.QueryAsync(
            $"""
            SELECT lead_id, NULL FROM leads WHERE tenant_id = @tenant AND email_key = @key
            UNION ALL SELECT lead_id, failure_reason FROM leads WHERE tenant_id = @tenant AND ({Like("failure_reason")})
            UNION ALL SELECT lead_id, CAST(error AS TEXT) FROM step_attempts WHERE tenant_id = @tenant AND ({Like("error")})
            UNION ALL SELECT lead_id, CAST(detail AS TEXT) FROM audit_events WHERE tenant_id = @tenant AND ({Like("detail")})
            UNION ALL SELECT lead_id, CAST(data AS TEXT) FROM batch_records WHERE tenant_id = @tenant AND ({Like("data")})
            UNION ALL SELECT lead_id, CAST(data AS TEXT) FROM lead_records WHERE tenant_id = @tenant AND ({Like("data")})
            """,
            parameters,
            row => (LeadId: row.GetString(0), Text: row.GetStringOrNull(1)),
            tenant.Value,
            cancellationToken);
        var leads = hits.Where(h => h.Text is null || email.IsIn(h.Text)).Select(h => h.LeadId).ToHashSet(StringComparer.Ordinal);

        // The lead's own state (its input and step outputs) is found by the lead grains' ids, which begin lead/{tenant}/.
        var states = await store.QueryAsync(
            $"""
            SELECT grain_id, CAST(state_json AS TEXT) FROM grain_state
            WHERE grain_id LIKE @grainPrefix ESCAPE '\' AND ({Like("state_json")})
            """,
            parameters,
            row => (GrainId: row.GetString(0), Text: row.GetString(1)),
            tenant.Value,
            cancellationToken);
        var prefix = $"lead/{tenant.Value}/";
        leads.UnionWith(states.Where(s => s.GrainId.StartsWith(prefix, StringComparison.Ordinal) && email.IsIn(s.Text)).Select(s => s.GrainId[prefix.Length..]));
        return leads;
    }

    /// <summary>The lead ids of the tenant's stored records with a field, at any depth, that holds the email.</summary>
    public async Task<IReadOnlyList<string>> RecordsHoldingAsync(TenantId tenant, EmailMatch email, CancellationToken cancellationToken)
    {
        var like = string.Join(" OR ", email.Needles.Select((_, i) => $"lower(CAST(data AS TEXT)) LIKE @needle{i} ESCAPE '\\'"));
        var hits = await store.QueryAsync(
            $"SELECT lead_id, CAST(data AS TEXT) FROM lead_records WHERE tenant_id = @tenant AND ({like})",
            Parameters(tenant, email),
            row => (LeadId: row.GetString(0), Data: row.GetString(1)),
            tenant.Value,
            cancellationToken);
        return [.. hits.Where(h => email.IsIn(JsonNode.Parse(h.Data))).Select(h => h.LeadId)];
    }

    /// <summary>Removes the tenant's stored record of a lead; the rows removed (0 or 1).</summary>
    public Task<int> DeleteRecordAsync(TenantId tenant, string leadId, CancellationToken cancellationToken) =>
        store.ExecuteAsync(
            "DELETE FROM lead_records WHERE tenant_id = @tenant AND lead_id = @lead",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["lead"] = leadId },
            tenant.Value,
            cancellationToken);

    private static Dictionary<string, object?> Parameters(TenantId tenant, EmailMatch email)
    {
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value };
        for (var i = 0; i < email.Needles.Count; i++)
        {
            parameters[$"needle{i}"] = EmailMatch.LikePattern(email.Needles[i]);
        }

        return parameters;
    }
}
