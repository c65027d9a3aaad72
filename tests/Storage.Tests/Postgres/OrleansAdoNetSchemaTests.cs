using System.Data;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using OrleansFlows.Storage.Postgres;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Postgres;
using Xunit.Abstractions;

namespace OrleansFlows.Storage.Tests.Postgres;

/// <summary>
/// The Orleans ADO.NET schema, created by the store's bootstrap, under Orleans' own clustering, grain storage and
/// reminder providers running in real silos.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansAdoNetSchemaTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Invariant = "Npgsql";
    private const int ActiveStatus = 3;  // Orleans' SiloStatus.Active, as the membership table stores it
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] QueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private readonly List<IHost> _hosts = [];
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _serviceId = "service-" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";
    private string? _servingRole;

    public async Task InitializeAsync()
    {
        server.EnsureAvailable();
        _connectionString = await server.CreateDatabaseAsync(nameof(OrleansAdoNetSchemaTests));
    }

    public async Task DisposeAsync()
    {
        // Clients first, then silos in reverse start order, each given a bounded time to leave the cluster.
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            using (var stop = new CancellationTokenSource(StopTimeout))
            {
                try
                {
                    await _hosts[i].StopAsync(stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
                {
                    // Timed out, or the silo never finished starting (the test has failed already); the host is
                    // abandoned and the database dropped below all the same.
                    output.WriteLine($"Stopping a host failed: {exception.Message}");
                }
            }

            if (_hosts[i] is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                _hosts[i].Dispose();
            }
        }

        if (_connectionString.Length > 0)
        {
            await server.DropDatabaseAsync(_connectionString);
        }

        if (_servingRole is not null)
        {
            await using var admin = new NpgsqlConnection(server.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{_servingRole}\"", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task InitializeAsync_RunTwice_RecordsVersionOneAndStoresEveryQueryKey()
    {
        await InitializeSchemaAsync(_connectionString);
        await InitializeSchemaAsync(_connectionString);

        Assert.Equal(1, await ScalarAsync<int>("SELECT version FROM schema_version WHERE component = 'orleans'"));
        var keys = await ListAsync<string>("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        foreach (var table in new OrleansAdoNetSchema().Tables)
        {
            Assert.True(await ScalarAsync<bool>($"SELECT to_regclass('{table}') IS NOT NULL"), $"Table {table} is missing.");
        }
    }

    [Fact]
    public async Task InitializeAsync_TableDroppedAndQueryEdited_RecreatesTableAndRestoresQuery()
    {
        await InitializeSchemaAsync(_connectionString);
        var original = await ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadFromStorageKey'");
        await ExecuteAsync("DROP TABLE OrleansStorage; UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'ReadFromStorageKey'");

        await InitializeSchemaAsync(_connectionString);

        Assert.True(await ScalarAsync<bool>("SELECT to_regclass('OrleansStorage') IS NOT NULL"));
        Assert.Equal(original, await ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadFromStorageKey'"));
        Assert.Equal(1, await ScalarAsync<int>("SELECT version FROM schema_version WHERE component = 'orleans'"));
    }

    [Fact]
    public async Task Silos_TwoStartedOnOneDatabase_FormClusterThatServesClient()
    {
        await InitializeSchemaAsync(_connectionString);
        await InitializeSchemaAsync(_connectionString);

        await StartSiloAsync("silo-a", _connectionString);
        await StartSiloAsync("silo-b", _connectionString);

        var active = await EventuallyAsync(
            () => ScalarAsync<long>($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{_clusterId}' AND Status = {ActiveStatus}"),
            count => count == 2,
            "both silos to be Active in the membership table");
        Assert.Equal(2, active);

        var client = await StartClientAsync();
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(CallTimeout);
        Assert.Equal(2, hosts.Count);
        var grain = client.GetGrain<IAdoNetProbeGrain>("client-" + Guid.NewGuid().ToString("N"));
        await grain.SetValue(7).WaitAsync(CallTimeout);
        Assert.Equal(7, await grain.GetValue().WaitAsync(CallTimeout));
    }

    [Fact]
    public async Task GrainState_ActivationDeactivated_ReadsBackFromStorage()
    {
        await InitializeSchemaAsync(_connectionString);
        await InitializeSchemaAsync(_connectionString);
        var silo = await StartSiloAsync("silo-a", _connectionString);
        var key = "probe-" + Guid.NewGuid().ToString("N");
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IAdoNetProbeGrain>(key);

        // First write inserts the row, the second updates the version it read.
        await grain.SetValue(41).WaitAsync(CallTimeout);
        await grain.SetValue(42).WaitAsync(CallTimeout);
        var firstActivation = await DeactivateAsync(grain);

        Assert.NotEqual(firstActivation, await grain.GetActivationId().WaitAsync(CallTimeout));
        Assert.Equal(42, await grain.GetValue().WaitAsync(CallTimeout));
        Assert.Equal((2, false), await ReadStorageRowAsync(key, AdoNetProbeGrain.StateName));

        // Clearing keeps the row, with no payload and a new version; a new activation reads the default state.
        await grain.ClearValue().WaitAsync(CallTimeout);
        await DeactivateAsync(grain);
        Assert.Equal(0, await grain.GetValue().WaitAsync(CallTimeout));
        Assert.Equal((3, true), await ReadStorageRowAsync(key, AdoNetProbeGrain.StateName));
    }

    [Fact]
    public async Task GrainState_ClearedWithDeleteStateOnClear_RemovesRowAndWritesAnew()
    {
        await InitializeSchemaAsync(_connectionString);
        var silo = await StartSiloAsync("silo-a", _connectionString);
        var key = "deletable-" + Guid.NewGuid().ToString("N");
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IAdoNetProbeGrain>(key);

        await grain.SetDeletableValue(9).WaitAsync(CallTimeout);
        Assert.Equal((1, false), await ReadStorageRowAsync(key, AdoNetProbeGrain.DeletableStateName));

        await grain.ClearDeletableValue().WaitAsync(CallTimeout);
        Assert.Null(await ReadStorageRowAsync(key, AdoNetProbeGrain.DeletableStateName));

        await DeactivateAsync(grain);
        Assert.Equal(0, await grain.GetDeletableValue().WaitAsync(CallTimeout));
        await grain.SetDeletableValue(10).WaitAsync(CallTimeout);
        Assert.Equal((1, false), await ReadStorageRowAsync(key, AdoNetProbeGrain.DeletableStateName));
    }

    [Fact]
    public async Task Reminder_RegisteredWithOneSecondPeriod_FiresAndUnregisters()
    {
        await InitializeSchemaAsync(_connectionString);
        await InitializeSchemaAsync(_connectionString);
        var silo = await StartSiloAsync("silo-a", _connectionString);
        var key = "reminder-" + Guid.NewGuid().ToString("N");
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IAdoNetProbeGrain>(key);
        var reminderRows = $"SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = '{_serviceId}' AND GrainId LIKE '%{key}' AND ReminderName = '{AdoNetProbeGrain.ReminderName}'";

        await grain.StartReminder(TimeSpan.FromSeconds(1)).WaitAsync(CallTimeout);
        Assert.Equal(1, await ScalarAsync<long>(reminderRows));

        var ticks = await EventuallyAsync(() => grain.GetReminderTicks().WaitAsync(CallTimeout), count => count >= 2, "the reminder to fire twice");
        Assert.True(ticks >= 2);

        await grain.StopReminder().WaitAsync(CallTimeout);
        Assert.Equal(0, await ScalarAsync<long>(reminderRows));
    }

    [Fact]
    public async Task Silo_ServingRoleWhereFunctionsAreNotPublic_JoinsAndWritesState()
    {
        // Functions created in this database are not executable by PUBLIC, so only the bootstrap's grant lets the
        // serving role call them.
        _servingRole = "serving_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE \"{_servingRole}\" LOGIN", admin);
            await create.ExecuteNonQueryAsync();
        }

        await ExecuteAsync("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC");
        var serving = new NpgsqlConnectionStringBuilder(_connectionString) { Username = _servingRole }.ConnectionString;
        await InitializeSchemaAsync(serving, schemaConnectionString: _connectionString);
        await InitializeSchemaAsync(serving, schemaConnectionString: _connectionString);
        Assert.False(await ScalarAsync<bool>(
            "SELECT bool_or(has_function_privilege('public', p.oid, 'EXECUTE')) FROM pg_proc p WHERE p.proname LIKE 'orleans\\_%'"));

        var silo = await StartSiloAsync("silo-a", serving);
        var key = "serving-" + Guid.NewGuid().ToString("N");
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IAdoNetProbeGrain>(key);
        await grain.SetValue(5).WaitAsync(CallTimeout);

        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{_clusterId}' AND Status = {ActiveStatus}"));
        Assert.Equal((1, false), await ReadStorageRowAsync(key, AdoNetProbeGrain.StateName));
    }

    [Fact]
    public async Task Silo_DatabaseTimeZoneFarFromUtc_StoresUtcTimes()
    {
        // The providers bind UTC DateTimes, which Npgsql sends as timestamptz. A timestamp without time zone anywhere on
        // the way (a column, a function argument, Npgsql's legacy timestamp mode) would shift them by the session's
        // time zone, 14 hours here. The setting applies to sessions opened after it, so it is made on the admin
        // connection before any connection to this database.
        var database = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" SET timezone TO 'Pacific/Kiritimati'", admin);
            await alter.ExecuteNonQueryAsync();
        }

        await InitializeSchemaAsync(_connectionString);
        var silo = await StartSiloAsync("silo-a", _connectionString);
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IAdoNetProbeGrain>("clock-" + Guid.NewGuid().ToString("N"));
        await grain.StartReminder(TimeSpan.FromMinutes(5)).WaitAsync(CallTimeout);

        Assert.Equal("Pacific/Kiritimati", await ScalarAsync<string>("SHOW timezone"));
        Assert.True(await ScalarAsync<bool>(
            $"SELECT bool_and(abs(extract(epoch FROM IAmAliveTime - now())) < 120 AND abs(extract(epoch FROM StartTime - now())) < 120) FROM OrleansMembershipTable WHERE DeploymentId = '{_clusterId}'"),
            "Membership times are off.");
        Assert.True(await ScalarAsync<bool>(
            $"SELECT abs(extract(epoch FROM StartTime - (now() + interval '5 minutes'))) < 120 FROM OrleansRemindersTable WHERE ServiceId = '{_serviceId}'"),
            "The reminder's start time is off.");
        await grain.StopReminder().WaitAsync(CallTimeout);
    }

    [Fact]
    public async Task StoredQueries_RarelyRunOnes_ExecuteWithTheParameterTypesOrleansBinds()
    {
        // Membership clean-up, a wrapping reminder range and the delete-all queries do not run in a short-lived
        // cluster. Bind them as the providers do: DbType.String, DbType.Int32 and DbType.DateTime with a UTC value.
        await InitializeSchemaAsync(_connectionString);
        await ExecuteAsync($"""
            INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES ('{_clusterId}');
            INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
            VALUES ('{_clusterId}', '127.0.0.1', 1, 1, 'dead', 'h', 6, 2, now() - interval '2 hours', now() - interval '2 hours'),
                   ('{_clusterId}', '127.0.0.1', 3, 1, 'live', 'h', {ActiveStatus}, 4, now() - interval '2 hours', now() - interval '2 hours');
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES ('{_serviceId}', 'g/low', 'r', now(), 60000, -2000000000, 0),
                   ('{_serviceId}', 'g/mid', 'r', now(), 60000, 0, 0),
                   ('{_serviceId}', 'g/high', 'r', now(), 60000, 2000000000, 0);
            """);

        Assert.Equal(["127.0.0.1"], await RunStoredQueryAsync<string>("GatewaysQueryKey", ("DeploymentId", _clusterId), ("Status", ActiveStatus)));
        await RunStoredQueryAsync<object>("CleanupDefunctSiloEntriesKey", ("DeploymentId", _clusterId), ("IAmAliveTime", DateTime.UtcNow.AddHours(-1)));
        Assert.Equal(["live"], await ListAsync<string>($"SELECT SiloName FROM OrleansMembershipTable WHERE DeploymentId = '{_clusterId}'"));

        var wrapping = await RunStoredQueryAsync<string>("ReadRangeRows2Key", ("ServiceId", _serviceId), ("BeginHash", 1_000_000_000), ("EndHash", -1_000_000_000));
        Assert.Equal(["g/high", "g/low"], wrapping.Order(StringComparer.Ordinal));
        var inner = await RunStoredQueryAsync<string>("ReadRangeRows1Key", ("ServiceId", _serviceId), ("BeginHash", -1_000_000_000), ("EndHash", 1_000_000_000));
        Assert.Equal(["g/mid"], inner);

        await RunStoredQueryAsync<object>("DeleteReminderRowsKey", ("ServiceId", _serviceId));
        await RunStoredQueryAsync<object>("DeleteMembershipTableEntriesKey", ("DeploymentId", _clusterId));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT (SELECT count(*) FROM OrleansRemindersTable) + (SELECT count(*) FROM OrleansMembershipTable) + (SELECT count(*) FROM OrleansMembershipVersionTable)"));
    }

    [Fact]
    public async Task WriteToStorage_ConcurrentFirstWrites_InsertsOnce()
    {
        await InitializeSchemaAsync(_connectionString);
        const string Write = "SELECT NewGrainStateVersion FROM orleans_write_to_storage(7, 0, 0, 9, 's', 'concurrent', 'service', NULL, @payload)";

        await using var first = new NpgsqlConnection(_connectionString);
        await first.OpenAsync();
        await using var transaction = await first.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(Write, first, transaction))
        {
            insert.Parameters.AddWithValue("payload", new byte[] { 1 });
            Assert.Equal(1, await insert.ExecuteScalarAsync());
        }

        // The second first-write must wait for the first to commit, then see its row and write nothing.
        await using var second = new NpgsqlConnection(_connectionString);
        await second.OpenAsync();
        await using var competing = new NpgsqlCommand(Write, second);
        competing.Parameters.AddWithValue("payload", new byte[] { 2 });
        var competingWrite = competing.ExecuteScalarAsync();
        await EventuallyAsync(
            () => ScalarAsync<bool>($"SELECT coalesce((SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = {second.ProcessID}), false)"),
            waiting => waiting,
            "the second write to wait on the first");
        await transaction.CommitAsync();

        Assert.Equal(DBNull.Value, await competingWrite.WaitAsync(CallTimeout));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = 'concurrent'"));
        Assert.Equal(new byte[] { 1 }, await ScalarAsync<byte[]>("SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = 'concurrent'"));
    }

    private static async Task InitializeSchemaAsync(string connectionString, string? schemaConnectionString = null)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsPostgresStore(o =>
            {
                o.ConnectionString = connectionString;
                o.SchemaConnectionString = schemaConnectionString;
            })
            .BuildServiceProvider();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await services.GetRequiredService<IStoreBootstrap>().InitializeAsync(timeout.Token);
    }

    private async Task<IHost> StartSiloAsync(string name, string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, name));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = _serviceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.ConfigureEndpoints(IPAddress.Loopback, LoopbackPorts.Free(), LoopbackPorts.Free());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(AdoNetProbeGrain.StorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(AdoNetProbeGrain.DeletingStorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.DeleteStateOnClear = true;
            });
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });

        return await StartHostAsync(builder.Build());
    }

    private async Task<IClusterClient> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, "client"));
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = _serviceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = _connectionString;
            });
        });

        var host = await StartHostAsync(builder.Build());
        return host.Services.GetRequiredService<IClusterClient>();
    }

    private async Task<IHost> StartHostAsync(IHost host)
    {
        _hosts.Add(host);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await host.StartAsync(timeout.Token);
        return host;
    }

    /// <summary>Deactivates the grain's activation and waits until a call reaches a new one; returns the old one's id.</summary>
    private static async Task<Guid> DeactivateAsync(IAdoNetProbeGrain grain)
    {
        var activation = await grain.GetActivationId().WaitAsync(CallTimeout);
        await grain.Deactivate().WaitAsync(CallTimeout);
        await EventuallyAsync(() => grain.GetActivationId().WaitAsync(CallTimeout), id => id != activation, "a new activation");
        return activation;
    }

    /// <summary>
    /// The version of a string-keyed grain's state row and whether its payload is empty, or null when there is no row.
    /// The provider stores a string key whole in GrainIdExtensionString and the state name in GrainTypeString.
    /// </summary>
    private async Task<(int Version, bool PayloadIsNull)?> ReadStorageRowAsync(string key, string stateName)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Version, PayloadBinary IS NULL FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString = @k AND GrainTypeString = @t",
            connection);
        command.Parameters.AddWithValue("s", _serviceId);
        command.Parameters.AddWithValue("k", key);
        command.Parameters.AddWithValue("t", stateName);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var row = (reader.GetInt32(0), reader.GetBoolean(1));
        Assert.False(await reader.ReadAsync(), $"More than one '{stateName}' state row for '{key}'.");
        return row;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (elapsed.Elapsed > WaitTimeout)
            {
                throw new TimeoutException($"Waited {WaitTimeout} for {what}; the last value was {value}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Runs a stored query with parameters bound the way Orleans' ADO.NET providers bind them; returns its first column.</summary>
    private async Task<List<T>> RunStoredQueryAsync<T>(string queryKey, params (string Name, object Value)[] parameters)
    {
        var sql = await ScalarAsync<string>($"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{queryKey}'");
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameter.DbType = value switch
            {
                int => DbType.Int32,
                DateTime => DbType.DateTime,
                _ => DbType.String,
            };
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
