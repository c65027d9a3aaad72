using System.Globalization;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Offboarding;

/// <summary>
/// The deletion's SQL, every statement bounded by a batch size so that no transaction grows with the tenant. Tenant
/// tables are deleted in the tenant's scope (row-level security on PostgreSQL); the tables keyed by grain id (grain
/// state, reminders) have no tenant column and are deleted by exact ids, in system scope.
/// </summary>
internal sealed class OffboardingRows(IProjectionStore store)
{
    /// <summary>A tenant table with its SQLite or PostgreSQL row address, which bounds a delete without knowing the table's key.</summary>
    private string RowAddress => store.Kind == StoreKind.Postgres ? "ctid" : "rowid";

    /// <summary>The tables keyed by a grain id string (<c>{type}/{key}</c>), by the column that holds it.</summary>
    public IReadOnlyList<(string Table, string Column)> GrainIdTables => store.Kind == StoreKind.Postgres
        ? [("grain_state", "grain_id"), ("reminders", "grain_id"), ("OrleansRemindersTable", "GrainId")]
        : [("grain_state", "grain_id"), ("reminders", "grain_id"), ("orleans_reminders", "grain_id")];

    /// <summary>
    /// The table and column keyed by a bare grain key (no type), or null: PostgreSQL keeps the default storage's states
    /// (workflow versions, <c>{tenantId}/{name}/{version}</c>) in Orleans' ADO.NET table, by key.
    /// </summary>
    public (string Table, string Column)? GrainKeyTable => store.Kind == StoreKind.Postgres ? ("OrleansStorage", "GrainIdExtensionString") : null;

    /// <summary>Up to <paramref name="limit"/> of the tenant's lead ids, in id order.</summary>
    public Task<IReadOnlyList<string>> LeadIdsAsync(TenantId tenant, int limit, CancellationToken cancellationToken) =>
        store.QueryAsync(
            "SELECT lead_id FROM leads WHERE tenant_id = @tenant ORDER BY lead_id LIMIT @limit",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit },
            row => row.GetString(0),
            tenant.Value,
            cancellationToken);

    /// <summary>Deletes the list rows of <paramref name="leadIds"/>, which also takes them off the sweepers' wake index.</summary>
    public Task<int> DeleteLeadRowsAsync(TenantId tenant, IReadOnlyList<string> leadIds, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value };
        var list = InList(leadIds, "l", parameters);
        return store.ExecuteAsync($"DELETE FROM leads WHERE tenant_id = @tenant AND lead_id IN ({list})", parameters, tenant.Value, cancellationToken);
    }

    /// <summary>Deletes up to <paramref name="limit"/> of the tenant's rows of <paramref name="table"/>; returns how many.</summary>
    public Task<int> DeleteTenantRowsAsync(string table, TenantId tenant, int limit, CancellationToken cancellationToken) =>
        store.ExecuteAsync(
            $"DELETE FROM {table} WHERE {RowAddress} IN (SELECT {RowAddress} FROM {table} WHERE tenant_id = @tenant LIMIT @limit)",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit },
            tenant.Value,
            cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> ids of <paramref name="column"/> that hold <paramref name="fragment"/>, after
    /// <paramref name="after"/> in id order: candidates only, which the caller checks exactly.
    /// </summary>
    public Task<IReadOnlyList<string>> IdsHoldingAsync(string table, string column, string fragment, string? after, int limit, CancellationToken cancellationToken)
    {
        // The fragment is built from a tenant id, which holds only [a-z0-9-]: no LIKE wildcard to escape.
        var parameters = new Dictionary<string, object?> { ["pattern"] = "%" + fragment + "%", ["limit"] = limit, ["after"] = after ?? "" };
        return store.QueryAsync(
            $"SELECT {column} FROM {table} WHERE {column} LIKE @pattern AND {column} > @after ORDER BY {column} LIMIT @limit",
            parameters,
            row => row.GetString(0),
            tenantScope: null,
            cancellationToken);
    }

    /// <summary>Deletes the rows of <paramref name="table"/> whose <paramref name="column"/> is one of <paramref name="ids"/>.</summary>
    public Task<int> DeleteByIdsAsync(string table, string column, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(0);
        }

        var parameters = new Dictionary<string, object?>();
        var list = InList(ids, "g", parameters);
        return store.ExecuteAsync($"DELETE FROM {table} WHERE {column} IN ({list})", parameters, tenantScope: null, cancellationToken);
    }

    private static string InList(IReadOnlyList<string> values, string prefix, Dictionary<string, object?> parameters)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i.ToString(CultureInfo.InvariantCulture);
            parameters[names[i][1..]] = values[i];
        }

        return string.Join(", ", names);
    }
}
