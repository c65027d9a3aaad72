using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;
using LeadWorkflows = OrleansFlows.Grains.Tests.Leads.Workflows;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Grains.Tests.Records;

/// <summary>
/// Row-level security on <c>lead_records</c>, as DESIGN's data layer asks: the product silo serves as a non-owner,
/// non-superuser role, the schema is set up by the owner, and a session sees only the rows of the tenant set for its
/// transaction, even with a query that has no tenant filter.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class LeadRecordsRowSecurityTests(PostgresServer server) : IAsyncLifetime
{
    private const string OwnerKey = "OrleansFlows:Storage:PostgresConnectionString";
    private const string ServingPassword = "serving-pw-1";

    private readonly string _servingRole = "of_serving_" + Guid.NewGuid().ToString("N")[..10];
    private LeadTestSilo? _silo;
    private string _servingConnectionString = "";
    private TenantId _a;
    private TenantId _b;

    public async Task InitializeAsync()
    {
        var store = await TestStore.PostgresAsync(server, "rowsecurity");
        var owner = store.StorageSettings[OwnerKey]!;
        await AdminAsync($"CREATE ROLE {_servingRole} LOGIN PASSWORD '{ServingPassword}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
        _servingConnectionString = new NpgsqlConnectionStringBuilder(owner) { Username = _servingRole, Password = ServingPassword }.ConnectionString;
        _silo = await LeadTestSilo.StartAsync(store, new Dictionary<string, string?>
        {
            [OwnerKey] = _servingConnectionString,
            ["OrleansFlows:Storage:PostgresSchemaConnectionString"] = owner,
        });
        _a = await _silo.CreateTenantAsync();
        _b = await _silo.CreateTenantAsync();

        // Records of both tenants, written by the serving role: through the store step of real leads, and directly.
        await _silo.PublishAsync(_a, "keep", LeadWorkflows.Transform("input.email.length"));
        await _silo.PublishAsync(_b, "keep", LeadWorkflows.Transform("input.email.length"));
        var leads = new[]
        {
            await _silo.SubmitAsync(_a, "keep", """{"email":"ada@a.example"}""", "a1"),
            await _silo.SubmitAsync(_a, "keep", """{"email":"al@a.example"}""", "a2"),
            await _silo.SubmitAsync(_b, "keep", """{"email":"bob@b.example"}""", "b1"),
        };
        foreach (var lead in leads)
        {
            await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
        }

        var records = _silo.Silo.Services.GetRequiredService<LeadRecords>();
        await records.UpsertAsync(_b, "b-direct", "keep", """{"email":"cy@b.example"}""", DateTimeOffset.UtcNow, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP ROLE IF EXISTS {_servingRole}");
    }

    [Fact]
    public async Task Select_ScopedToTenantWithoutTenantFilter_SeesOnlyThatTenantsRows()
    {
        Assert.Equal(2L, await CountAsServingRoleAsync(_a));
        Assert.Equal(2L, await CountAsServingRoleAsync(_b));
        Assert.Equal(0L, await CountAsServingRoleAsync(TenantId.Parse("t-nobody")));
    }

    [Fact]
    public async Task Select_WithoutTenantSetting_SeesNoRows()
    {
        Assert.Equal(0L, await CountAsServingRoleAsync(tenant: null));
        Assert.Equal(4L, await OwnerScalarAsync<long>("SELECT count(*) FROM lead_records WHERE tenant_id IN (@a, @b)"));
    }

    [Fact]
    public async Task Insert_OtherTenantsRowWhileScoped_IsRefusedByThePolicy()
    {
        await using var connection = new NpgsqlConnection(_servingConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScopeAsync(connection, transaction, _a);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO lead_records (tenant_id, lead_id, workflow, data, stored_at) VALUES (@tenant, 'sneaky', 'keep', '{}', now())",
            connection,
            transaction);
        insert.Parameters.AddWithValue("tenant", _b.Value);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("row-level security policy", refused.MessageText);
    }

    [Fact]
    public async Task UpdateAndDelete_OtherTenantsRowsWhileScoped_TouchNothing()
    {
        await using var connection = new NpgsqlConnection(_servingConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScopeAsync(connection, transaction, _a);
        await using var update = new NpgsqlCommand("UPDATE lead_records SET workflow = 'stolen' WHERE tenant_id = @b", connection, transaction);
        update.Parameters.AddWithValue("b", _b.Value);
        await using var delete = new NpgsqlCommand("DELETE FROM lead_records WHERE tenant_id = @b", connection, transaction);
        delete.Parameters.AddWithValue("b", _b.Value);

        Assert.Equal(0, await update.ExecuteNonQueryAsync());
        Assert.Equal(0, await delete.ExecuteNonQueryAsync());
        await transaction.CommitAsync();
        Assert.Equal(2L, await CountAsServingRoleAsync(_b));
    }

    [Fact]
    public async Task Catalog_LeadRecords_ForcesRowSecurityAndSiloServesAsPlainNonOwner()
    {
        var (enabled, forced, owner) = await OwnerRowAsync(
            "SELECT c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = 'public.lead_records'::regclass",
            r => (r.GetBoolean(0), r.GetBoolean(1), r.GetString(2)));
        var (user, super, bypass) = await ServingRowAsync(
            "SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
            r => (r.GetString(0), r.GetBoolean(1), r.GetBoolean(2)));

        Assert.True(enabled, "row-level security is not enabled on lead_records");
        Assert.True(forced, "FORCE ROW LEVEL SECURITY is not set on lead_records");
        Assert.Equal(_servingRole, user);
        Assert.NotEqual(_servingRole, owner);
        Assert.False(super);
        Assert.False(bypass);
    }

    [Fact]
    public async Task List_ThroughLeadRecords_ReturnsOnlyTheTenantsRows()
    {
        var records = _silo!.Silo.Services.GetRequiredService<LeadRecords>();

        var pageA = await records.ListAsync(_a, 10, null, CancellationToken.None);
        var pageB = await records.ListAsync(_b, 10, null, CancellationToken.None);

        Assert.Equal(2, pageA.Items.Count);
        Assert.All(pageA.Items, r => Assert.Equal(_a.Value, r.TenantId));
        Assert.Equal(2, pageB.Items.Count);
        Assert.All(pageB.Items, r => Assert.Equal(_b.Value, r.TenantId));
    }

    private static async Task ScopeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant)
    {
        await using var scope = new NpgsqlCommand("SELECT set_config('orleansflows.tenant_id', @tenant, true)", connection, transaction);
        scope.Parameters.AddWithValue("tenant", tenant.Value);
        await scope.ExecuteNonQueryAsync();
    }

    /// <summary>Counts every row of lead_records, with no tenant filter, as the serving role, scoped to a tenant or not at all.</summary>
    private async Task<long> CountAsServingRoleAsync(TenantId? tenant)
    {
        await using var connection = new NpgsqlConnection(_servingConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (tenant is { } scoped)
        {
            await ScopeAsync(connection, transaction, scoped);
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM lead_records", connection, transaction);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private Task<T> ServingRowAsync<T>(string sql, Func<NpgsqlDataReader, T> map) => RowAsync(_servingConnectionString, sql, map);

    private Task<T> OwnerRowAsync<T>(string sql, Func<NpgsqlDataReader, T> map) => RowAsync(_silo!.Store.StorageSettings[OwnerKey]!, sql, map);

    private async Task<T> OwnerScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_silo!.Store.StorageSettings[OwnerKey]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("a", _a.Value);
        command.Parameters.AddWithValue("b", _b.Value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<T> RowAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row from: {sql}");
        return map(reader);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
