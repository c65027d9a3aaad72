using Npgsql;

namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// Projection reads and writes; a tenant scope sets <c>orleansflows.tenant_id</c> for the transaction, so row-level
/// security applies, and no scope marks it as system work (<see cref="RowSecurityScope"/>).
/// </summary>
internal sealed class PostgresProjectionStore(PostgresDatabase database) : IProjectionStore
{
    public StoreKind Kind => StoreKind.Postgres;

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<ProjectionRow, T> map, string? tenantScope, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await SetTenantAsync(connection, transaction, tenantScope, cancellationToken).ConfigureAwait(false);
            var rows = new List<T>();
            await using (var command = database.Command(connection, sql, transaction))
            {
                Bind(command, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var row = new ProjectionRow(reader);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(row));
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, "Reading a projection", database.Description);
        }
    }

    public async Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, string? tenantScope, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await SetTenantAsync(connection, transaction, tenantScope, cancellationToken).ConfigureAwait(false);
            int affected;
            await using (var command = database.Command(connection, sql, transaction))
            {
                Bind(command, parameters);
                affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return affected;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, "Writing a projection", database.Description);
        }
    }

    /// <summary>Scopes the transaction to the tenant, or marks it as system work when no tenant drives it.</summary>
    private async Task SetTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? tenantScope, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, tenantScope is null ? RowSecurityScope.SetSystemSql : RowSecurityScope.SetTenantSql, transaction);
        if (tenantScope is not null)
        {
            command.Parameters.AddWithValue("tenant", tenantScope);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(NpgsqlCommand command, IReadOnlyDictionary<string, object?> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(PostgresValues.Parameter(name, value));
        }
    }
}
