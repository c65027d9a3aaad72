using Npgsql;
using OrleansFlows.Bench.Harness;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Bench.Flows;

/// <summary>What the flow scenarios share: settings, the log, and the PostgreSQL server (through <see cref="BenchContext"/>).</summary>
internal sealed class FlowContext(FlowSettings settings, TextWriter log) : IAsyncDisposable
{
    private readonly BenchContext _bench = new(settings.UsePostgres, settings.PostgresFsync, log);
    private int? _postmasterPid;
    private bool _postmasterSearched;

    public FlowSettings Settings { get; } = settings;

    public TextWriter Log { get; } = log;

    public BenchPostgres? Postgres => _bench.Postgres;

    public string? PostgresUnavailable => _bench.PostgresUnavailable;

    /// <summary>The requested stores that can be measured here: PostgreSQL only if it is enabled and starts.</summary>
    public async Task<IReadOnlyList<string>> StoreKindsAsync()
    {
        if (!Settings.Stores.Contains("postgres"))
        {
            return Settings.Stores;
        }

        var available = await _bench.StoreKindsAsync();
        return Settings.Stores.Where(available.Contains).ToList();
    }

    public async Task<TestStore> CreateStoreAsync(string kind, string prefix)
    {
        var store = await _bench.CreateStoreAsync(kind, prefix);
        if (kind == "postgres" && Settings.PostgresSynchronousCommit is { } synchronousCommit)
        {
            // For this database only, and for connections opened from now on (the silo's pool).
            await store.ExecuteAsync($"DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = {synchronousCommit}', current_database()); END $$;");
        }

        return store;
    }

    /// <summary>CPU counters now, the benchmark's PostgreSQL server included when it runs on this machine.</summary>
    public CpuSnapshot Cpu()
    {
        if (!_postmasterSearched && Postgres is { Info.External: false } postgres)
        {
            _postmasterSearched = true;
            _postmasterPid = CpuSnapshot.FindPostmaster(new NpgsqlConnectionStringBuilder(postgres.Server.AdminConnectionString).Port);
        }

        return CpuSnapshot.Take(_postmasterPid);
    }

    public ValueTask DisposeAsync() => _bench.DisposeAsync();
}
