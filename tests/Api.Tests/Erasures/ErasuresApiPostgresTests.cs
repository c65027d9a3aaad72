using System.Text;
using Npgsql;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Erasures;

/// <summary>Erasures on PostgreSQL; the sweep reads every row of every table in every schema of the database as text, and every bytea decoded.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ErasuresApiPostgresTests(PostgresServer server) : ErasuresApiContract
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";

    protected override async Task<ApiHost> CreateHostAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("api_erasures");
        return ApiHost.Postgres(_data.Path, _connectionString);
    }

    protected override async Task DisposeStoreAsync()
    {
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    protected override async Task<IReadOnlyList<string>> FindEverywhereAsync(string needle)
    {
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();

        // Row-level security shows every tenant's rows to work marked as the system's.
        await using (var scope = new NpgsqlCommand("SELECT set_config('orleansflows.scope', 'system', false)", connection))
        {
            await scope.ExecuteScalarAsync();
        }

        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
            """,
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        Assert.Contains(columns, c => c.Table == "grain_state");
        foreach (var column in columns)
        {
            // Every column of every type, cast to text; a bytea column decoded from its bytes as UTF-8.
            var expression = column.Type == "bytea" ? $"\"{column.Column}\"" : $"CAST(\"{column.Column}\" AS text)";
            await using var select = new NpgsqlCommand($"SELECT {expression} FROM \"{column.Schema}\".\"{column.Table}\" WHERE \"{column.Column}\" IS NOT NULL", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var text = column.Type == "bytea" ? Encoding.UTF8.GetString((byte[])reader.GetValue(0)) : reader.GetString(0);
                if (text.Contains(needle, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{column.Table}.{column.Column}");
                    break;
                }
            }
        }

        return found;
    }
}
