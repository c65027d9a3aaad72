using OrleansFlows.Storage;

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
        new SchemaStep(
            2,
            Sqlite: """
                CREATE TABLE leads (
                    tenant_id        TEXT NOT NULL,
                    lead_id          TEXT NOT NULL,
                    workflow         TEXT NOT NULL,
                    workflow_version INTEGER NOT NULL,
                    status           TEXT NOT NULL,
                    accepted_at      INTEGER NOT NULL,
                    updated_at       INTEGER NOT NULL,
                    business_date    TEXT NOT NULL,
                    failure_reason   TEXT NULL,
                    PRIMARY KEY (tenant_id, lead_id)
                );
                CREATE INDEX ix_leads_status ON leads (tenant_id, status, accepted_at, lead_id);
                CREATE TABLE step_attempts (
                    tenant_id   TEXT NOT NULL,
                    lead_id     TEXT NOT NULL,
                    step_id     TEXT NOT NULL,
                    attempt     INTEGER NOT NULL,
                    kind        TEXT NOT NULL,
                    started_at  INTEGER NOT NULL,
                    finished_at INTEGER NULL,
                    outcome     TEXT NOT NULL,
                    http_status INTEGER NULL,
                    error       TEXT NULL,
                    PRIMARY KEY (tenant_id, lead_id, step_id, attempt)
                );
                CREATE TABLE audit_events (
                    tenant_id TEXT NOT NULL,
                    lead_id   TEXT NOT NULL,
                    sequence  INTEGER NOT NULL,
                    at        INTEGER NOT NULL,
                    event     TEXT NOT NULL,
                    detail    TEXT NULL,
                    PRIMARY KEY (tenant_id, lead_id, sequence)
                );
                CREATE TABLE usage_daily (
                    tenant_id      TEXT NOT NULL,
                    business_date  TEXT NOT NULL,
                    leads_accepted INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, business_date)
                );
                CREATE TABLE batch_records (
                    tenant_id     TEXT NOT NULL,
                    business_date TEXT NOT NULL,
                    lead_id       TEXT NOT NULL,
                    workflow      TEXT NOT NULL,
                    data          TEXT NOT NULL,
                    added_at      INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, business_date, lead_id)
                );
                CREATE TABLE lead_records (
                    tenant_id TEXT NOT NULL,
                    lead_id   TEXT NOT NULL,
                    workflow  TEXT NOT NULL,
                    data      TEXT NOT NULL,
                    stored_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, lead_id)
                );
                CREATE INDEX ix_lead_records_stored ON lead_records (tenant_id, stored_at, lead_id);
                """,
            Postgres: """
                CREATE TABLE leads (
                    tenant_id        text NOT NULL,
                    lead_id          text NOT NULL,
                    workflow         text NOT NULL,
                    workflow_version integer NOT NULL,
                    status           text NOT NULL,
                    accepted_at      timestamptz NOT NULL,
                    updated_at       timestamptz NOT NULL,
                    business_date    text NOT NULL,
                    failure_reason   text NULL,
                    PRIMARY KEY (tenant_id, lead_id)
                );
                CREATE INDEX ix_leads_status ON leads (tenant_id, status, accepted_at, lead_id);
                CREATE TABLE step_attempts (
                    tenant_id   text NOT NULL,
                    lead_id     text NOT NULL,
                    step_id     text NOT NULL,
                    attempt     integer NOT NULL,
                    kind        text NOT NULL,
                    started_at  timestamptz NOT NULL,
                    finished_at timestamptz NULL,
                    outcome     text NOT NULL,
                    http_status integer NULL,
                    error       text NULL,
                    PRIMARY KEY (tenant_id, lead_id, step_id, attempt)
                );
                CREATE TABLE audit_events (
                    tenant_id text NOT NULL,
                    lead_id   text NOT NULL,
                    sequence  bigint NOT NULL,
                    at        timestamptz NOT NULL,
                    event     text NOT NULL,
                    detail    text NULL,
                    PRIMARY KEY (tenant_id, lead_id, sequence)
                );
                CREATE TABLE usage_daily (
                    tenant_id      text NOT NULL,
                    business_date  text NOT NULL,
                    leads_accepted bigint NOT NULL,
                    PRIMARY KEY (tenant_id, business_date)
                );
                CREATE TABLE batch_records (
                    tenant_id     text NOT NULL,
                    business_date text NOT NULL,
                    lead_id       text NOT NULL,
                    workflow      text NOT NULL,
                    data          jsonb NOT NULL,
                    added_at      timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, business_date, lead_id)
                );
                CREATE TABLE lead_records (
                    tenant_id text NOT NULL,
                    lead_id   text NOT NULL,
                    workflow  text NOT NULL,
                    data      jsonb NOT NULL,
                    stored_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, lead_id)
                );
                CREATE INDEX ix_lead_records_stored ON lead_records (tenant_id, stored_at, lead_id);
                -- Tenants read their records through a non-owner role; the tenant is set per transaction.
                ALTER TABLE lead_records ENABLE ROW LEVEL SECURITY;
                ALTER TABLE lead_records FORCE ROW LEVEL SECURITY;
                CREATE POLICY lead_records_tenant_isolation ON lead_records
                    USING (tenant_id = current_setting('orleansflows.tenant_id', true))
                    WITH CHECK (tenant_id = current_setting('orleansflows.tenant_id', true));
                """),
        new SchemaStep(
            3,
            Sqlite: """
                CREATE TABLE api_keys (
                    key_id     TEXT PRIMARY KEY,
                    tenant_id  TEXT NOT NULL,
                    key_hash   TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER NULL
                );
                """,
            Postgres: """
                CREATE TABLE api_keys (
                    key_id     text PRIMARY KEY,
                    tenant_id  text NOT NULL,
                    key_hash   text NOT NULL,
                    created_at timestamptz NOT NULL,
                    revoked_at timestamptz NULL
                );
                """),
        new SchemaStep(
            4,
            Sqlite: """
                ALTER TABLE leads ADD COLUMN failed_step_id TEXT NULL;
                ALTER TABLE leads ADD COLUMN failure_retryable INTEGER NULL;
                CREATE INDEX ix_leads_business_date ON leads (tenant_id, business_date);
                CREATE TABLE reconciliation_runs (
                    tenant_id     TEXT NOT NULL,
                    business_date TEXT NOT NULL,
                    attempt       INTEGER NOT NULL,
                    trigger       TEXT NOT NULL,
                    status        TEXT NOT NULL,
                    started_at    INTEGER NOT NULL,
                    finished_at   INTEGER NULL,
                    leads         INTEGER NULL,
                    records       INTEGER NULL,
                    sent          INTEGER NULL,
                    acknowledged  INTEGER NULL,
                    chunks        INTEGER NULL,
                    failed_chunks INTEGER NULL,
                    mismatches    INTEGER NULL,
                    repaired      INTEGER NULL,
                    errors        TEXT NULL,
                    report        TEXT NULL,
                    PRIMARY KEY (tenant_id, business_date, attempt)
                );
                -- At most one run of a tenant's date is in progress, whatever the grain believes.
                CREATE UNIQUE INDEX ux_reconciliation_runs_running ON reconciliation_runs (tenant_id, business_date) WHERE status = 'running';
                CREATE INDEX ix_reconciliation_runs_started ON reconciliation_runs (tenant_id, started_at);
                """,
            Postgres: """
                ALTER TABLE leads ADD COLUMN failed_step_id text NULL;
                ALTER TABLE leads ADD COLUMN failure_retryable boolean NULL;
                CREATE INDEX ix_leads_business_date ON leads (tenant_id, business_date);
                CREATE TABLE reconciliation_runs (
                    tenant_id     text NOT NULL,
                    business_date text NOT NULL,
                    attempt       integer NOT NULL,
                    trigger       text NOT NULL,
                    status        text NOT NULL,
                    started_at    timestamptz NOT NULL,
                    finished_at   timestamptz NULL,
                    leads         integer NULL,
                    records       integer NULL,
                    sent          integer NULL,
                    acknowledged  integer NULL,
                    chunks        integer NULL,
                    failed_chunks integer NULL,
                    mismatches    integer NULL,
                    repaired      integer NULL,
                    errors        jsonb NULL,
                    report        jsonb NULL,
                    PRIMARY KEY (tenant_id, business_date, attempt)
                );
                -- At most one run of a tenant's date is in progress, whatever the grain believes.
                CREATE UNIQUE INDEX ux_reconciliation_runs_running ON reconciliation_runs (tenant_id, business_date) WHERE status = 'running';
                CREATE INDEX ix_reconciliation_runs_started ON reconciliation_runs (tenant_id, started_at);
                """),

        // Wake times replace a reminder per lead: a lead row says when the lead must next wake (a step timeout, a retry,
        // the end of a wait, a resume deadline), and sweepers find due rows of their partition through this index.
        new SchemaStep(
            5,
            Sqlite: """
                ALTER TABLE leads ADD COLUMN wake_at INTEGER NULL;
                ALTER TABLE leads ADD COLUMN wake_partition INTEGER NULL;
                CREATE INDEX ix_leads_wake ON leads (wake_partition, wake_at) WHERE wake_at IS NOT NULL;
                """,
            Postgres: """
                ALTER TABLE leads ADD COLUMN wake_at timestamptz NULL;
                ALTER TABLE leads ADD COLUMN wake_partition integer NULL;
                CREATE INDEX ix_leads_wake ON leads (wake_partition, wake_at) WHERE wake_at IS NOT NULL;
                """),
        // Row-level security on every table with a tenant id, forced so that it binds the tables' owner too. A row is
        // visible to the transaction of its tenant (orleansflows.tenant_id), or to product work that no tenant drives,
        // which marks its transaction with orleansflows.scope = 'system'; to nothing else. Replaces step 2's policy of
        // lead_records, which knew no system work. SQLite has no roles: one process owns the file.
        new SchemaStep(6, Sqlite: "SELECT 1;", Postgres: string.Concat(TenantTablesOfStep6.Select(RowSecurity))),

        // Lead search and usage history. The lead list row carries the input's top-level email (as given, and
        // lower-cased for an exact case-insensitive search through an index); rows written before this step keep a
        // null email until the lead's next change. Indexes bound the workflow filter, the daily usage (leads that
        // finished, attempts by start) and workflow stats. Bulk retries of failed leads are recorded, one row each.
        new SchemaStep(
            7,
            Sqlite: """
                ALTER TABLE leads ADD COLUMN email TEXT NULL;
                ALTER TABLE leads ADD COLUMN email_key TEXT NULL;
                CREATE INDEX ix_leads_email ON leads (tenant_id, email_key) WHERE email_key IS NOT NULL;
                CREATE INDEX ix_leads_workflow ON leads (tenant_id, workflow, accepted_at, lead_id);
                CREATE INDEX ix_leads_finished ON leads (tenant_id, updated_at) WHERE status IN ('completed', 'failed');
                CREATE INDEX ix_step_attempts_started ON step_attempts (tenant_id, started_at);
                CREATE TABLE bulk_retries (
                    tenant_id     TEXT NOT NULL,
                    operation_id  TEXT NOT NULL,
                    workflow      TEXT NOT NULL,
                    requested_by  TEXT NULL,
                    requested_at  INTEGER NOT NULL,
                    finished_at   INTEGER NULL,
                    status        TEXT NOT NULL,
                    failed_step   TEXT NULL,
                    accepted_from INTEGER NULL,
                    accepted_to   INTEGER NULL,
                    max_leads     INTEGER NOT NULL,
                    matched       INTEGER NOT NULL,
                    retried       INTEGER NOT NULL,
                    truncated     INTEGER NOT NULL,
                    skipped       TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, operation_id)
                );
                """,
            Postgres: """
                ALTER TABLE leads ADD COLUMN email text NULL;
                ALTER TABLE leads ADD COLUMN email_key text NULL;
                CREATE INDEX ix_leads_email ON leads (tenant_id, email_key) WHERE email_key IS NOT NULL;
                CREATE INDEX ix_leads_workflow ON leads (tenant_id, workflow, accepted_at, lead_id);
                CREATE INDEX ix_leads_finished ON leads (tenant_id, updated_at) WHERE status IN ('completed', 'failed');
                CREATE INDEX ix_step_attempts_started ON step_attempts (tenant_id, started_at);
                CREATE TABLE bulk_retries (
                    tenant_id     text NOT NULL,
                    operation_id  text NOT NULL,
                    workflow      text NOT NULL,
                    requested_by  text NULL,
                    requested_at  timestamptz NOT NULL,
                    finished_at   timestamptz NULL,
                    status        text NOT NULL,
                    failed_step   text NULL,
                    accepted_from timestamptz NULL,
                    accepted_to   timestamptz NULL,
                    max_leads     integer NOT NULL,
                    matched       integer NOT NULL,
                    retried       integer NOT NULL,
                    truncated     boolean NOT NULL,
                    skipped       text NOT NULL,
                    PRIMARY KEY (tenant_id, operation_id)
                );
                """ + RowSecurity("bulk_retries")),
        new SchemaStep(
            8,
            Sqlite: """
                CREATE TABLE retention_runs (
                    tenant_id       TEXT NOT NULL,
                    run_id          TEXT NOT NULL,
                    trigger         TEXT NOT NULL,
                    status          TEXT NOT NULL,
                    started_at      INTEGER NOT NULL,
                    finished_at     INTEGER NOT NULL,
                    completed_leads INTEGER NOT NULL,
                    failed_leads    INTEGER NOT NULL,
                    records         INTEGER NOT NULL,
                    batches         INTEGER NOT NULL,
                    more_due        INTEGER NOT NULL,
                    error           TEXT NULL,
                    PRIMARY KEY (tenant_id, run_id)
                );
                CREATE INDEX ix_retention_runs_started ON retention_runs (tenant_id, started_at);
                """,
            Postgres: """
                CREATE TABLE retention_runs (
                    tenant_id       text NOT NULL,
                    run_id          text NOT NULL,
                    trigger         text NOT NULL,
                    status          text NOT NULL,
                    started_at      timestamptz NOT NULL,
                    finished_at     timestamptz NOT NULL,
                    completed_leads integer NOT NULL,
                    failed_leads    integer NOT NULL,
                    records         integer NOT NULL,
                    batches         integer NOT NULL,
                    more_due        boolean NOT NULL,
                    error           text NULL,
                    PRIMARY KEY (tenant_id, run_id)
                );
                CREATE INDEX ix_retention_runs_started ON retention_runs (tenant_id, started_at);
                """ + RowSecurity("retention_runs")),

        // Exports of a tenant's data: one row each, with who asked, its state and the line counts of its files.
        // Step 8 belongs to retention.
        new SchemaStep(
            9,
            Sqlite: """
                CREATE TABLE exports (
                    tenant_id    TEXT NOT NULL,
                    export_id    TEXT NOT NULL,
                    status       TEXT NOT NULL,
                    requested_by TEXT NULL,
                    requested_at INTEGER NOT NULL,
                    finished_at  INTEGER NULL,
                    counts       TEXT NULL,
                    size_bytes   INTEGER NULL,
                    error        TEXT NULL,
                    PRIMARY KEY (tenant_id, export_id)
                );
                -- One export of a tenant at a time: a second is refused while one is queued or running.
                CREATE UNIQUE INDEX ux_exports_unfinished ON exports (tenant_id) WHERE status IN ('queued', 'running');
                """,
            Postgres: """
                CREATE TABLE exports (
                    tenant_id    text NOT NULL,
                    export_id    text NOT NULL,
                    status       text NOT NULL,
                    requested_by text NULL,
                    requested_at timestamptz NOT NULL,
                    finished_at  timestamptz NULL,
                    counts       text NULL,
                    size_bytes   bigint NULL,
                    error        text NULL,
                    PRIMARY KEY (tenant_id, export_id)
                );
                -- One export of a tenant at a time: a second is refused while one is queued or running.
                CREATE UNIQUE INDEX ux_exports_unfinished ON exports (tenant_id) WHERE status IN ('queued', 'running');
                """ + RowSecurity("exports")),

        // Erasures of a data subject: one row each, with who asked, its state and its counts; never the email.
        // Step 9 belongs to exports.
        new SchemaStep(
            10,
            Sqlite: """
                CREATE TABLE erasures (
                    tenant_id       TEXT NOT NULL,
                    erasure_id      TEXT NOT NULL,
                    status          TEXT NOT NULL,
                    requested_by    TEXT NULL,
                    requested_at    INTEGER NOT NULL,
                    finished_at     INTEGER NULL,
                    leads           INTEGER NOT NULL,
                    cancelled_leads INTEGER NOT NULL,
                    records         INTEGER NOT NULL,
                    audit_rows      INTEGER NOT NULL,
                    attempts        INTEGER NOT NULL,
                    error           TEXT NULL,
                    PRIMARY KEY (tenant_id, erasure_id)
                );
                """,
            Postgres: """
                CREATE TABLE erasures (
                    tenant_id       text NOT NULL,
                    erasure_id      text NOT NULL,
                    status          text NOT NULL,
                    requested_by    text NULL,
                    requested_at    timestamptz NOT NULL,
                    finished_at     timestamptz NULL,
                    leads           integer NOT NULL,
                    cancelled_leads integer NOT NULL,
                    records         integer NOT NULL,
                    audit_rows      integer NOT NULL,
                    attempts        integer NOT NULL,
                    error           text NULL,
                    PRIMARY KEY (tenant_id, erasure_id)
                );
                """ + RowSecurity("erasures")),

        // A retention run started through the API names the key that started it.
        new SchemaStep(
            11,
            Sqlite: "ALTER TABLE retention_runs ADD COLUMN requested_by TEXT NULL;",
            Postgres: "ALTER TABLE retention_runs ADD COLUMN requested_by text NULL;"),

        // A tenant's own audit trail: what happened to the tenant rather than to one lead (a queue message rejected).
        new SchemaStep(
            12,
            Sqlite: """
                CREATE TABLE tenant_audit_events (
                    tenant_id TEXT NOT NULL,
                    event_id  TEXT NOT NULL,
                    at        INTEGER NOT NULL,
                    event     TEXT NOT NULL,
                    workflow  TEXT NULL,
                    detail    TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, event_id)
                );
                CREATE INDEX ix_tenant_audit_events_at ON tenant_audit_events (tenant_id, at, event_id);
                """,
            Postgres: """
                CREATE TABLE tenant_audit_events (
                    tenant_id text NOT NULL,
                    event_id  text NOT NULL,
                    at        timestamptz NOT NULL,
                    event     text NOT NULL,
                    workflow  text NULL,
                    detail    text NOT NULL,
                    PRIMARY KEY (tenant_id, event_id)
                );
                CREATE INDEX ix_tenant_audit_events_at ON tenant_audit_events (tenant_id, at, event_id);
                """ + RowSecurity("tenant_audit_events")),
    ];

    // Step 6 applies row-level security to the tables that existed then; later steps apply it to the tables they create.
    private static readonly string[] TenantTablesOfStep6 =
    [
        "tenants", "leads", "step_attempts", "audit_events", "usage_daily", "batch_records", "lead_records", "api_keys", "reconciliation_runs",
    ];

    /// <summary>The product's tables with a <c>tenant_id</c> column; each has a forced row-level security policy on PostgreSQL.</summary>
    public static IReadOnlyList<string> TenantTables { get; } = [.. TenantTablesOfStep6, "bulk_retries", "retention_runs", "exports", "erasures", "tenant_audit_events"];

    private static string RowSecurity(string table) => $"""
        ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
        DROP POLICY IF EXISTS {table}_tenant_isolation ON {table};
        CREATE POLICY {table}_tenant_isolation ON {table}
            USING (tenant_id = current_setting('orleansflows.tenant_id', true) OR current_setting('orleansflows.scope', true) = 'system')
            WITH CHECK (tenant_id = current_setting('orleansflows.tenant_id', true) OR current_setting('orleansflows.scope', true) = 'system');

        """;
}
