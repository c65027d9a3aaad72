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

    public IReadOnlyList<string> Tables { get; } = ["test_rows", "test_tallies"];

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: "CREATE TABLE IF NOT EXISTS test_rows (grain_id TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE IF NOT EXISTS test_tallies (name TEXT PRIMARY KEY, total INTEGER NOT NULL, note TEXT)",
            Postgres: "CREATE TABLE IF NOT EXISTS test_rows (grain_id text PRIMARY KEY, value text NOT NULL); CREATE TABLE IF NOT EXISTS test_tallies (name text PRIMARY KEY, total bigint NOT NULL, note text)"),
    ];

    /// <summary>A described insert of <paramref name="grainId"/>'s row, with <paramref name="conflict"/> on its key.</summary>
    public static ProjectionWrite Insert(string grainId, string value, RowConflict conflict) => ProjectionWrite.InsertRow(
        "test_rows",
        new Dictionary<string, object?> { ["grain_id"] = grainId, ["value"] = value },
        conflict,
        key: conflict == RowConflict.Fail ? null : ["grain_id"],
        updated: conflict == RowConflict.Replace ? ["value"] : null);

    /// <summary>Adds <paramref name="amount"/> to the tally <paramref name="name"/>, and sets its note.</summary>
    public static ProjectionWrite Tally(string name, long amount, string? note = null) => ProjectionWrite.InsertRow(
        "test_tallies",
        new Dictionary<string, object?> { ["name"] = name, ["total"] = amount, ["note"] = note },
        RowConflict.Add,
        key: ["name"],
        updated: ["total"]);

    /// <summary>The total of the tally <paramref name="name"/>, or null when it has none.</summary>
    public static async Task<long?> TotalAsync(TestStore store, string name) =>
        await store.ScalarAsync($"SELECT total FROM test_tallies WHERE name = '{name}'") is { } total and not DBNull
            ? Convert.ToInt64(total, CultureInfo.InvariantCulture)
            : null;

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
