namespace OrleansFlows.Storage.Sqlite;

/// <summary>
/// The table of Orleans reminders in the embedded SQLite store (<see cref="SqliteReminderTable"/>). Its steps are
/// idempotent, so a dropped table is recreated at start-up.
/// </summary>
internal sealed class SqliteReminderSchema : ISchemaContributor
{
    public string Component => "reminders";

    public IReadOnlyList<string> Tables { get; } = ["orleans_reminders"];

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            // version: the row's ETag. AUTOINCREMENT never hands out a number twice, and an upsert replaces the row, so
            // each write gets a version above every earlier one, even for a reminder removed and registered again.
            // grain_hash: GrainId.GetUniformHashCode(), unsigned (0 .. 2^32 - 1); the ring ranges read by it.
            // start_at: Unix milliseconds, UTC. period_ms: milliseconds.
            Sqlite: """
                CREATE TABLE IF NOT EXISTS orleans_reminders (
                    version       INTEGER PRIMARY KEY AUTOINCREMENT,
                    grain_id      TEXT NOT NULL,
                    reminder_name TEXT NOT NULL,
                    grain_hash    INTEGER NOT NULL,
                    start_at      INTEGER NOT NULL,
                    period_ms     INTEGER NOT NULL,
                    UNIQUE (grain_id, reminder_name)
                );
                CREATE INDEX IF NOT EXISTS ix_orleans_reminders_grain_hash ON orleans_reminders (grain_hash);
                """,
            // Never run: this contributor is registered only with the SQLite store. PostgreSQL clusters keep reminders in
            // Orleans' ADO.NET reminder table instead. Should it be registered there by mistake, start-up fails here
            // rather than recording a schema that doesn't exist.
            Postgres: """
                DO $$ BEGIN RAISE EXCEPTION 'The reminders schema is for the SQLite store only; PostgreSQL uses the Orleans ADO.NET reminder table.'; END $$;
                """),
    ];
}
