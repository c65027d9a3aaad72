using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// The membership tables: one row per silo process in <c>cluster_members</c>, and in
/// <c>cluster_membership_versions</c> a counter per cluster that every status change raises in the same transaction
/// (the snapshot version). Clusters run on PostgreSQL; the SQLite tables exist so the schema bootstrap works on both.
/// The steps are idempotent, so a dropped table is recreated at start-up.
/// </summary>
internal sealed class MembershipSchema : ISchemaContributor
{
    public string Component => "membership";

    public IReadOnlyList<string> Tables { get; } = ["cluster_members", "cluster_membership_versions"];

    // alive_since is when the silo's current unbroken run of heartbeats began: a silo whose own heartbeats had a gap
    // (it was paused, or the database was down) may not judge others until it has watched for a whole death timeout.
    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: """
                CREATE TABLE IF NOT EXISTS cluster_members (
                    silo_id          TEXT NOT NULL PRIMARY KEY,
                    cluster_id       TEXT NOT NULL,
                    address          TEXT NOT NULL,
                    api_address      TEXT NULL,
                    status           TEXT NOT NULL CHECK (status IN ('joining', 'active', 'shutting_down', 'dead')),
                    started_at       INTEGER NOT NULL,
                    heartbeat_at     INTEGER NOT NULL,
                    alive_since      INTEGER NOT NULL,
                    declared_dead_by TEXT NULL,
                    version          INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS ix_cluster_members_cluster ON cluster_members (cluster_id, status);
                CREATE TABLE IF NOT EXISTS cluster_membership_versions (
                    cluster_id TEXT NOT NULL PRIMARY KEY,
                    version    INTEGER NOT NULL
                ) WITHOUT ROWID;
                """,
            Postgres: """
                CREATE TABLE IF NOT EXISTS cluster_members (
                    silo_id          text NOT NULL PRIMARY KEY,
                    cluster_id       text NOT NULL,
                    address          text NOT NULL,
                    api_address      text NULL,
                    status           text NOT NULL CHECK (status IN ('joining', 'active', 'shutting_down', 'dead')),
                    started_at       timestamptz NOT NULL DEFAULT now(),
                    heartbeat_at     timestamptz NOT NULL DEFAULT now(),
                    alive_since      timestamptz NOT NULL DEFAULT now(),
                    declared_dead_by text NULL,
                    version          bigint NOT NULL
                );
                CREATE INDEX IF NOT EXISTS ix_cluster_members_cluster ON cluster_members (cluster_id, status);
                CREATE TABLE IF NOT EXISTS cluster_membership_versions (
                    cluster_id text NOT NULL PRIMARY KEY,
                    version    bigint NOT NULL
                );
                """),
    ];
}
