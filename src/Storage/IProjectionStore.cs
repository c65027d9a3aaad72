namespace OrleansFlows.Storage;

/// <summary>
/// Reads and writes projection tables outside grain state: list views, searches, and rows a step writes on its own
/// (such as lead records). Parameters are named <c>@name</c>; the SQL must run on the store's <see cref="Kind"/>.
/// </summary>
public interface IProjectionStore
{
    /// <summary>The store's kind, for the few statements that differ between providers.</summary>
    StoreKind Kind { get; }

    /// <summary>
    /// Runs a query and maps each row. With a <paramref name="tenantScope"/>, PostgreSQL runs it in a transaction whose
    /// <c>orleansflows.tenant_id</c> setting is that tenant, so row-level security shows only that tenant's rows. Pass
    /// null only for system work that no tenant drives (sweepers, key lookup at authentication, operator listings): it
    /// runs marked as such and sees every tenant's rows.
    /// </summary>
    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<ProjectionRow, T> map, string? tenantScope, CancellationToken cancellationToken);

    /// <summary>Runs a statement in its own transaction and returns the rows it affected; tenant scope as for <see cref="QueryAsync"/>.</summary>
    Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, string? tenantScope, CancellationToken cancellationToken);
}
