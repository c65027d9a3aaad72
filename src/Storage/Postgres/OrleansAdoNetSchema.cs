namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// The tables, functions and stored queries that Orleans' ADO.NET providers use on PostgreSQL: clustering
/// (membership), grain persistence and reminders. The providers read their SQL from <c>OrleansQuery</c> by key at
/// start-up and bind parameters and read columns by name, so those keys, parameter names and column names are a
/// contract with the Orleans packages; the SQL behind them is ours. Every step is idempotent, so a dropped table is
/// recreated at start-up and a query text changed by a later step replaces the stored one.
/// </summary>
/// <remarks>
/// Registered only with the PostgreSQL store: the providers have no SQLite flavour, and a SQLite silo runs alone with
/// its state and reminders in the product's own tables.
/// </remarks>
internal sealed partial class OrleansAdoNetSchema : ISchemaContributor
{
    // A SQLite bootstrap never gets this contributor. Should one be given it by mistake, this statement fails with
    // "no such function: orleans_adonet_schema_requires_postgresql" rather than recording a version with no tables.
    private const string SqliteNotSupported = "SELECT orleans_adonet_schema_requires_postgresql();";

    private const string QueryTableV1 = """
        -- The stored queries. Each provider reads the rows of its keys at start-up and runs only those texts; a key it
        -- expects but cannot find stops it from starting.
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey  varchar(64)   NOT NULL,
            QueryText varchar(8000) NOT NULL,
            CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
        );
        """;

    public string Component => "orleans";

    // Unquoted in the SQL, so PostgreSQL folds them to lower case; to_regclass folds these the same way.
    public IReadOnlyList<string> Tables { get; } =
    [
        "OrleansQuery",
        "OrleansMembershipVersionTable",
        "OrleansMembershipTable",
        "OrleansStorage",
        "OrleansRemindersTable",
    ];

    public IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new SchemaStep(
            1,
            Sqlite: SqliteNotSupported,
            Postgres: string.Join('\n', QueryTableV1, MembershipV1, PersistenceV1, RemindersV1)),
    ];
}
