using Microsoft.Data.Sqlite;

namespace OrleansFlows.Storage.Sqlite;

/// <summary>
/// Projection reads on pooled connections and writes through the single writer. SQLite has no row-level security:
/// callers filter by tenant in their SQL, in one data-access class per table.
/// </summary>
internal sealed class SqliteProjectionStore(SqliteDatabase database) : IProjectionStore
{
    public StoreKind Kind => StoreKind.Sqlite;

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<ProjectionRow, T> map, string? tenantScope, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, sql);
            Bind(command, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var row = new ProjectionRow(reader);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(row));
            }

            return rows;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, "Reading a projection", database.DatabasePath);
        }
    }

    public async Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, string? tenantScope, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await using var command = database.Command(connection, sql, transaction);
                    Bind(command, parameters);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, "Writing a projection", database.DatabasePath);
        }
    }

    private static void Bind(SqliteCommand command, IReadOnlyDictionary<string, object?> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("@" + name, SqliteValues.ToDb(value));
        }
    }
}
