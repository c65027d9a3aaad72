using System.Text;
using Microsoft.Data.Sqlite;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Erasures;

/// <summary>Erasures on SQLite; the sweep reads every table and column of the database file.</summary>
public sealed class ErasuresApiTests : ErasuresApiContract
{
    private readonly TempFolder _data = new();

    protected override Task<ApiHost> CreateHostAsync() => Task.FromResult(ApiHost.Sqlite(_data.Path));

    protected override Task DisposeStoreAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<string>> FindEverywhereAsync(string needle)
    {
        var found = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "orleansflows.db")};Mode=ReadOnly;Pooling=False");
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

        Assert.Contains("leads", tables);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    // Text as stored, and a blob's bytes read as UTF-8 text.
                    var text = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                    {
                        byte[] blob => Encoding.UTF8.GetString(blob),
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    };
                    if (text is not null && text.Contains(needle, StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return found;
    }
}
