using OrleansFlows.Bench.Harness;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Bench;

/// <summary>What the scenarios share: settings, the log, and the PostgreSQL server (started on first use).</summary>
internal sealed class BenchContext(bool usePostgres, bool postgresFsync, TextWriter log) : IAsyncDisposable
{
    private bool _postgresTried;

    public TextWriter Log { get; } = log;

    public BenchPostgres? Postgres { get; private set; }

    public string? PostgresUnavailable { get; private set; }

    /// <summary>The benchmark's stores: SQLite always, PostgreSQL when it is enabled and available.</summary>
    public async Task<IReadOnlyList<string>> StoreKindsAsync()
    {
        return await EnsurePostgresAsync() is null ? ["sqlite"] : ["sqlite", "postgres"];
    }

    public async Task<TestStore> CreateStoreAsync(string kind, string prefix)
    {
        if (kind == "sqlite")
        {
            return TestStore.Sqlite();
        }

        var postgres = await EnsurePostgresAsync() ?? throw new InvalidOperationException($"PostgreSQL is not available: {PostgresUnavailable}");
        return await TestStore.PostgresAsync(postgres.Server, prefix);
    }

    public async ValueTask DisposeAsync()
    {
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    private async Task<BenchPostgres?> EnsurePostgresAsync()
    {
        if (_postgresTried)
        {
            return Postgres;
        }

        _postgresTried = true;
        if (!usePostgres)
        {
            PostgresUnavailable = "disabled with --no-postgres";
            return null;
        }

        Log.WriteLine($"Starting PostgreSQL (fsync {(postgresFsync ? "on" : "off")} requested)...");
        (Postgres, PostgresUnavailable) = await BenchPostgres.TryStartAsync(postgresFsync);
        Log.WriteLine(Postgres is null
            ? $"  PostgreSQL is not available; its figures are skipped: {PostgresUnavailable}"
            : $"  PostgreSQL {Postgres.Info.ServerVersion}, fsync={Postgres.Info.Fsync}, synchronous_commit={Postgres.Info.SynchronousCommit}{(Postgres.Info.External ? " (external server)" : "")}");
        return Postgres;
    }
}
