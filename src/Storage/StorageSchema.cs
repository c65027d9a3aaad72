namespace OrleansFlows.Storage;

/// <summary>The row storage's table of grain state. Its steps are idempotent, so a dropped table is recreated at start-up.</summary>
internal sealed class StorageSchema : ISchemaContributor
{
    public string Component => "runtime";  // the name the first releases recorded; kept so stores upgrade in place

    public IReadOnlyList<string> Tables { get; } = ["grain_state"];

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: """
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_id   TEXT NOT NULL,
                    state_name TEXT NOT NULL,
                    state_type TEXT NOT NULL,
                    state_json TEXT NULL,
                    version    INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (grain_id, state_name)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS reminders (
                    grain_id    TEXT NOT NULL,
                    name        TEXT NOT NULL,
                    due_at      INTEGER NOT NULL,
                    period_ms   INTEGER NULL,
                    version     INTEGER NOT NULL,
                    lease_owner TEXT NULL,
                    lease_until INTEGER NULL,
                    PRIMARY KEY (grain_id, name)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS ix_reminders_due ON reminders (due_at);
                """,
            Postgres: """
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_id   text NOT NULL,
                    state_name text NOT NULL,
                    state_type text NOT NULL,
                    state_json jsonb NULL,
                    version    bigint NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (grain_id, state_name)
                );
                CREATE TABLE IF NOT EXISTS reminders (
                    grain_id    text NOT NULL,
                    name        text NOT NULL,
                    due_at      timestamptz NOT NULL,
                    period_ms   bigint NULL,
                    version     bigint NOT NULL,
                    lease_owner text NULL,
                    lease_until timestamptz NULL,
                    PRIMARY KEY (grain_id, name)
                );
                CREATE INDEX IF NOT EXISTS ix_reminders_due ON reminders (due_at);
                """),
    ];
}
