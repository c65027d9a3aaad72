using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>A projection table owned by the test grains, created through the product's schema bootstrap.</summary>
public sealed class TestProjectionSchema : ISchemaContributor
{
    public const string Upsert = "INSERT INTO test_projection (grain_id, value) VALUES (@g, @v) ON CONFLICT (grain_id) DO UPDATE SET value = excluded.value";

    public string Component => "test-projection";

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: "CREATE TABLE test_projection (grain_id TEXT PRIMARY KEY, value TEXT NOT NULL)",
            Postgres: "CREATE TABLE test_projection (grain_id text PRIMARY KEY, value text NOT NULL)"),
    ];
}
