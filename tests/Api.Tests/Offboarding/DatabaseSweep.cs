using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansFlows.Api.Tests.Offboarding;

/// <summary>
/// Searches a whole database for a text: on SQLite every column of every table, cast to text (a blob decoded as
/// UTF-8); on PostgreSQL every text, character, json, jsonb and bytea column of every table in every schema that is not
/// the system's, as text (bytea decoded, escaping only bytes that are not printable). Row-level security is lifted
/// for the search by its system scope.
/// </summary>
internal static class DatabaseSweep
{
    /// <summary>Where <paramref name="text"/> occurs: "table.column" with the number of rows, for every hit.</summary>
    public static async Task<IReadOnlyList<string>> SqliteAsync(string databasePath, string text)
    {
        var hits = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            foreach (var column in columns)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS TEXT), @text) > 0";
                count.Parameters.AddWithValue("@text", text);
                if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) is var rows and > 0)
                {
                    hits.Add($"{table}.{column} ({rows} rows)");
                }
            }
        }

        return hits;
    }

    /// <inheritdoc cref="SqliteAsync"/>
    public static async Task<IReadOnlyList<string>> PostgresAsync(string connectionString, string text)
    {
        var hits = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var scope = new NpgsqlCommand("SET orleansflows.scope = 'system'", connection))
        {
            await scope.ExecuteNonQueryAsync();
        }

        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            """,
            connection))
        {
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        foreach (var (schema, table, column, type) in columns)
        {
            var value = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"CAST(\"{column}\" AS text)";
            await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{schema}\".\"{table}\" WHERE strpos({value}, @text) > 0", connection);
            count.Parameters.AddWithValue("text", text);
            if ((long)(await count.ExecuteScalarAsync())! is var rows and > 0)
            {
                hits.Add($"{schema}.{table}.{column} ({rows} rows)");
            }
        }

        return hits;
    }
}
