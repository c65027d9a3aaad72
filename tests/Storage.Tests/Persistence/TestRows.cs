using System.Globalization;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Persistence;

/// <summary>A grain state of the storage tests. <see cref="PendingRows"/> carries no <c>[JsonIgnore]</c> on purpose: the storage must leave it out by itself.</summary>
internal sealed class CounterState : IHasRows
{
    public int Count { get; set; }

    public List<ProjectionWrite> PendingRows { get; } = [];
}

/// <summary>A projection table of the storage tests, created with the store's own schema.</summary>
internal sealed class TestRowsSchema : ISchemaContributor
{
    public const string ComponentName = "test-rows";

    public string Component => ComponentName;

    public IReadOnlyList<string> Tables { get; } = ["test_rows"];

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: "CREATE TABLE IF NOT EXISTS test_rows (grain_id TEXT PRIMARY KEY, value TEXT NOT NULL)",
            Postgres: "CREATE TABLE IF NOT EXISTS test_rows (grain_id text PRIMARY KEY, value text NOT NULL)"),
    ];

    /// <summary>Sets the row of <paramref name="grainId"/> to <paramref name="value"/>.</summary>
    public static ProjectionWrite Upsert(string grainId, string value) => new(
        "INSERT INTO test_rows (grain_id, value) VALUES (@g, @v) ON CONFLICT (grain_id) DO UPDATE SET value = excluded.value",
        new Dictionary<string, object?> { ["g"] = grainId, ["v"] = value });

    /// <summary>A statement that fails on every provider: the column does not exist.</summary>
    public static ProjectionWrite Broken(string grainId) => new(
        "UPDATE test_rows SET missing_column = 1 WHERE grain_id = @g",
        new Dictionary<string, object?> { ["g"] = grainId });

    /// <summary>The value of <paramref name="grainId"/>'s row, or null when it has none.</summary>
    public static async Task<string?> ValueAsync(TestStore store, string grainId) =>
        await store.ScalarAsync($"SELECT value FROM test_rows WHERE grain_id = '{grainId}'") as string;

    /// <summary>How many rows the table holds.</summary>
    public static async Task<long> CountAsync(TestStore store) =>
        Convert.ToInt64(await store.ScalarAsync("SELECT count(*) FROM test_rows"), CultureInfo.InvariantCulture);
}
