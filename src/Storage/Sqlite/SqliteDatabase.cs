using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Storage.Sqlite;

/// <summary>
/// Connections to one SQLite file in WAL mode. Reads use pooled connections in parallel; writes go through a single
/// writer connection, one transaction at a time, with <c>synchronous=FULL</c> so a returned write is durable.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    /// <summary>The store's clock in Unix milliseconds, as SQL.</summary>
    public const string NowMs = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _connectionString;
    private SqliteConnection? _writer;
    private bool _closed;

    public SqliteDatabase(IOptions<SqliteStoreOptions> options)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        DatabasePath = path;
        CommandTimeoutSeconds = (int)Math.Ceiling(options.Value.CommandTimeout.TotalSeconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = CommandTimeoutSeconds,
        }.ToString();
    }

    public string DatabasePath { get; }

    public int CommandTimeoutSeconds { get; }

    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction on the single writer connection.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                throw new StorageUnavailableException($"The SQLite store {DatabasePath} is closed because the silo is stopping; nothing was written.", isTransient: true);
            }

            var connection = await GetWriterAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = await work(connection, transaction).ConfigureAwait(false);
                transaction.Commit();
                return result;
            }
            catch (SqliteException)
            {
                // A failed writer connection is reopened on the next write, so one I/O error doesn't poison the silo.
                await ResetWriterAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = CommandTimeoutSeconds;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        // A write in progress finishes first: its caller waits for a durable answer, and closing the connection under
        // it would fail the commit half way. Later writes find the store closed. The lock is left undisposed so that
        // they fail with that message rather than an ObjectDisposedException.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _closed = true;
            await ResetWriterAsync().ConfigureAwait(false);
            // The pooled connections to this file close with the store. Clearing the pool also stops its prune timer,
            // which would otherwise run for the life of the process, holding the execution context (and what it refers
            // to) of the call that opened the first connection.
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> GetWriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return _writer;
        }

        PrepareFiles();
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using (var pragma = Command(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"))
        {
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _writer = connection;
        return connection;
    }

    /// <summary>
    /// The database holds tenants' data in plain text: its folder is created owner-only, and the file is created (and at
    /// every start made) owner-only before SQLite opens it. SQLite gives its -wal, -shm and -journal files the mode of
    /// the database file; existing ones are fixed here too.
    /// </summary>
    private void PrepareFiles()
    {
        var folder = Path.GetDirectoryName(DatabasePath)!;
        if (!Directory.Exists(folder))
        {
            PrivateFiles.CreateFolder(folder);
        }

        PrivateFiles.CreateFile(DatabasePath);
        foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
        {
            PrivateFiles.SecureFile(DatabasePath + suffix);
        }
    }

    private async Task ResetWriterAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
    }
}
