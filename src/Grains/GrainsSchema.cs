using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Grains;

/// <summary>The domain's projection tables, created and upgraded with the runtime's.</summary>
public sealed class GrainsSchema : ISchemaContributor
{
    public string Component => "grains";

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: """
                CREATE TABLE tenants (
                    tenant_id  TEXT PRIMARY KEY,
                    name       TEXT NOT NULL,
                    time_zone  TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                """,
            Postgres: """
                CREATE TABLE tenants (
                    tenant_id  text PRIMARY KEY,
                    name       text NOT NULL,
                    time_zone  text NOT NULL,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL
                );
                """),
    ];
}
