using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansFlows.Storage;
using OrleansFlows.Storage.Postgres;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Grains.Tests.Storage;

/// <summary>
/// Row-level security on every product table with a tenant id, as the schema bootstrap sets it up: the serving role
/// it creates sees no row without a tenant set, only that tenant's rows with one, and every row only in system scope.
/// Rows of two tenants are put in every table by the superuser, which row-level security does not bind.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class TenantTablesRowSecurityTests(PostgresServer server) : IAsyncLifetime
{
    private const string A = "t-rls-a";
    private const string B = "t-rls-b";
    private const string ServingPassword = "serving-pw-2";

    private readonly string _servingRole = "of_created_" + Guid.NewGuid().ToString("N")[..10];
    private string _owner = "";
    private string _serving = "";

    public async Task InitializeAsync()
    {
        _owner = await server.CreateDatabaseAsync("tenantrls");
        _serving = new NpgsqlConnectionStringBuilder(_owner) { Username = _servingRole, Password = ServingPassword }.ConnectionString;

        // The serving role does not exist yet: the bootstrap, connected as the owner, creates it.
        await BootstrapAsync(_serving, _owner);
        foreach (var table in GrainsSchema.TenantTables)
        {
            await InsertRowAsync(table, A);
            await InsertRowAsync(table, B);
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await server.DropDatabaseAsync(_owner);
        await AdminAsync($"DROP ROLE IF EXISTS {_servingRole}");
    }

    [Fact]
    public async Task Catalog_EveryTableWithATenantId_ForcesRowSecurityWithAPolicy()
    {
        var tables = await OwnerListAsync(
            """
            SELECT c.relname::text || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity || ' ' || (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            ORDER BY c.relname
            """);

        Assert.Equal(GrainsSchema.TenantTables.Order(StringComparer.Ordinal).Select(t => $"{t} true true 1"), tables);
    }

    [Fact]
    public async Task ServingRole_CreatedByTheBootstrap_IsAPlainLoginThatOwnsNothing()
    {
        var attributes = await ScalarAsync<string>(
            _serving,
            tenant: null,
            "SELECT current_user::text || ' ' || rolsuper || ' ' || rolbypassrls || ' ' || rolcanlogin FROM pg_roles WHERE rolname = current_user");
        var owned = await OwnerScalarAsync<long>($"SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = '{_servingRole}')");

        Assert.Equal($"{_servingRole} false false true", attributes);
        Assert.Equal(0L, owned);
    }

    [Fact]
    public async Task Select_AsServingRoleWithoutTenant_ReadsNothingFromAnyTenantTable()
    {
        foreach (var table in GrainsSchema.TenantTables)
        {
            Assert.True(0L == await ScalarAsync<long>(_serving, tenant: null, $"SELECT count(*) FROM {table}"), $"{table} shows rows with no tenant set");
        }
    }

    [Fact]
    public async Task Select_AsServingRoleWithTenant_ReadsOnlyThatTenantsRows()
    {
        foreach (var table in GrainsSchema.TenantTables)
        {
            Assert.Equal($"{table}: {A}", $"{table}: " + await ScalarAsync<string>(_serving, A, $"SELECT string_agg(tenant_id, ',') FROM {table}"));
            Assert.Equal($"{table}: {B}", $"{table}: " + await ScalarAsync<string>(_serving, B, $"SELECT string_agg(tenant_id, ',') FROM {table}"));
        }
    }

    [Fact]
    public async Task Write_AsServingRoleForAnotherTenant_IsRefusedOrTouchesNothing()
    {
        foreach (var table in GrainsSchema.TenantTables)
        {
            Assert.Equal(0, await ExecuteAsync(_serving, A, $"UPDATE {table} SET tenant_id = tenant_id WHERE tenant_id = '{B}'"));
            Assert.Equal(0, await ExecuteAsync(_serving, A, $"DELETE FROM {table} WHERE tenant_id = '{B}'"));
            var moved = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_serving, A, $"UPDATE {table} SET tenant_id = '{B}' WHERE tenant_id = '{A}'"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, moved.SqlState);
        }

        Assert.Equal(2L, await OwnerScalarAsync<long>("SELECT count(*) FROM leads"));
    }

    [Fact]
    public async Task ProjectionStore_NoTenantScope_IsSystemWorkThatSeesEveryTenant()
    {
        await using var services = Store(_serving, _owner);
        var store = services.GetRequiredService<IProjectionStore>();

        var system = await store.QueryAsync("SELECT count(*) FROM leads", new Dictionary<string, object?>(), r => r.GetInt64(0), tenantScope: null, CancellationToken.None);
        var scoped = await store.QueryAsync("SELECT count(*) FROM leads", new Dictionary<string, object?>(), r => r.GetInt64(0), tenantScope: A, CancellationToken.None);

        Assert.Equal(2L, system[0]);
        Assert.Equal(1L, scoped[0]);
    }

    [Fact]
    public async Task OneConnectionString_SuperuserLogin_ServesAsTheDefaultPlainRole()
    {
        // The README's single connection string, with the superuser: the bootstrap creates the default serving role and
        // the store's sessions take it on, so the policies bind them as well.
        await BootstrapAsync(_owner, schema: null);
        await using var services = Store(_owner, schema: null);
        var store = services.GetRequiredService<IProjectionStore>();
        var empty = new Dictionary<string, object?>();

        var user = await store.QueryAsync("SELECT current_user::text || ' ' || (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)", empty, r => r.GetString(0), A, CancellationToken.None);
        var scoped = await store.QueryAsync("SELECT string_agg(tenant_id, ',') FROM api_keys", empty, r => r.GetString(0), A, CancellationToken.None);

        Assert.Equal(PostgresDatabase.DefaultServingRole + " false", user[0]);
        Assert.Equal(A, scoped[0]);
    }

    [Fact]
    public async Task Upgrade_DatabaseOfTheBuildBefore_GetsThePoliciesAndKeepsItsRows()
    {
        var database = await server.CreateDatabaseAsync("tenantrlsupgrade");
        try
        {
            await using (var before = new ServiceCollection().AddLogging().AddOrleansFlowsPostgresStore(o => o.ConnectionString = database).AddSchema(new GrainsSchemaBefore()).BuildServiceProvider())
            {
                await before.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);
            }

            await InsertRowAsync(database, "leads", A);
            await InsertRowAsync(database, "leads", B);

            await BootstrapAsync(database, schema: null);
            await using var services = Store(database, schema: null);
            var store = services.GetRequiredService<IProjectionStore>();
            var empty = new Dictionary<string, object?>();

            Assert.Equal(A, (await store.QueryAsync("SELECT string_agg(tenant_id, ',') FROM leads", empty, r => r.GetString(0), A, CancellationToken.None))[0]);
            Assert.Equal(2L, (await store.QueryAsync("SELECT count(*) FROM leads", empty, r => r.GetInt64(0), null, CancellationToken.None))[0]);
            Assert.Equal((long)new GrainsSchema().Steps.Max(s => s.Version), await ScalarAsync<long>(database, tenant: null, "SELECT max(version) FROM schema_version WHERE component = 'grains'"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Bootstrap_ServingRoleBypassesRowSecurity_RefusesNamingTheRole()
    {
        var bypassing = "of_bypass_" + Guid.NewGuid().ToString("N")[..10];
        await AdminAsync($"CREATE ROLE {bypassing} LOGIN PASSWORD 'bypass-pw' BYPASSRLS");
        try
        {
            var serving = new NpgsqlConnectionStringBuilder(_owner) { Username = bypassing, Password = "bypass-pw" }.ConnectionString;

            var refused = await Assert.ThrowsAsync<StorageSchemaException>(() => BootstrapAsync(serving, _owner));

            Assert.Contains($"serving role '{bypassing}'", refused.Message, StringComparison.Ordinal);
            Assert.Contains("superuser or has BYPASSRLS", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP OWNED BY {bypassing}; DROP ROLE {bypassing}", database: new NpgsqlConnectionStringBuilder(_owner).Database);
        }
    }

    private async Task AdminAsync(string sql, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        if (database is not null)
        {
            builder.Database = database;
        }

        await using var admin = new NpgsqlConnection(builder.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static ServiceProvider Store(string serving, string? schema) =>
        new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsPostgresStore(o =>
            {
                o.ConnectionString = serving;
                o.SchemaConnectionString = schema;
            })
            .AddSchema(new GrainsSchema())
            .BuildServiceProvider();

    private static async Task BootstrapAsync(string serving, string? schema)
    {
        await using var services = Store(serving, schema);
        await services.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);
    }

    /// <summary>Inserts a row of the tenant, as the superuser, with a value of its type in every column without a default.</summary>
    private Task InsertRowAsync(string table, string tenant) => InsertRowAsync(_owner, table, tenant);

    private static async Task InsertRowAsync(string owner, string table, string tenant)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        var columns = new List<(string Name, string Type)>();
        await using (var read = new NpgsqlCommand("SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t AND column_default IS NULL ORDER BY ordinal_position", connection))
        {
            read.Parameters.AddWithValue("t", table);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var values = columns.Select(c => c switch
        {
            ("tenant_id", _) => $"'{tenant}'",
            (_, "text") => $"'{tenant}-{c.Name}'",
            (_, "integer" or "bigint") => "1",
            (_, "boolean") => "false",
            (_, "jsonb") => "'{}'",
            (_, "timestamp with time zone") => "now()",
            _ => throw new InvalidOperationException($"No test value for {table}.{c.Name} of type {c.Type}."),
        });
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", values)})",
            connection);
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<int> ExecuteAsync(string connectionString, string? tenant, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScopeAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var affected = await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return affected;
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string? tenant, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScopeAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task ScopeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? tenant)
    {
        if (tenant is null)
        {
            return;
        }

        await using var scope = new NpgsqlCommand("SELECT set_config('orleansflows.tenant_id', @tenant, true)", connection, transaction);
        scope.Parameters.AddWithValue("tenant", tenant);
        await scope.ExecuteNonQueryAsync();
    }

    private Task<T> OwnerScalarAsync<T>(string sql) => ScalarAsync<T>(_owner, tenant: null, sql);

    private async Task<List<string>> OwnerListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>The domain's schema as the build before row-level security on every tenant table left it (steps 1 to 5).</summary>
    private sealed class GrainsSchemaBefore : ISchemaContributor
    {
        public string Component => new GrainsSchema().Component;

        public IReadOnlyList<SchemaStep> Steps { get; } = new GrainsSchema().Steps.Where(s => s.Version <= 5).ToList();
    }
}
