using Npgsql;
using OrleansFlows.Runtime.Persistence.Postgres;

namespace OrleansFlows.Runtime.Membership;

/// <summary>The transaction every status change runs in, and the readers the statements share.</summary>
internal sealed partial class PostgresMembershipTable
{
    /// <summary>
    /// Runs <paramref name="change"/> in a transaction holding the cluster's version row, passing it the next version;
    /// if the change reports that it changed rows, the cluster's version becomes that version when it commits.
    /// </summary>
    private async Task<T> ChangeAsync<T>(
        string clusterId,
        string operation,
        Func<NpgsqlConnection, NpgsqlTransaction, long, Task<(T Result, bool Changed)>> change,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long current;
            await using (var lockVersion = database.Command(
                connection,
                """
                INSERT INTO cluster_membership_versions (cluster_id, version) VALUES (@c, 0)
                ON CONFLICT (cluster_id) DO UPDATE SET version = cluster_membership_versions.version
                RETURNING version
                """,
                transaction))
            {
                lockVersion.Parameters.AddWithValue("c", clusterId);
                current = (long)(await lockVersion.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            var next = current + 1;
            var (result, changed) = await change(connection, transaction, next).ConfigureAwait(false);
            if (changed)
            {
                await using var raise = database.Command(connection, "UPDATE cluster_membership_versions SET version = @v WHERE cluster_id = @c", transaction);
                raise.Parameters.AddWithValue("v", next);
                raise.Parameters.AddWithValue("c", clusterId);
                await raise.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"{operation} in cluster '{clusterId}'", database.Description);
        }
    }

    private async Task<(SiloMembershipStatus Status, string? DeclaredDeadBy)?> ReadStatusAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string clusterId, string siloId, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, "SELECT status, declared_dead_by FROM cluster_members WHERE silo_id = @s AND cluster_id = @c", transaction);
        command.Parameters.AddWithValue("s", siloId);
        command.Parameters.AddWithValue("c", clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return (SiloMembershipStatuses.FromStoredName(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private static async Task<SiloEntry?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader, 0) : null;
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>Reads the columns of <see cref="Columns"/>, in order, from <paramref name="first"/>.</summary>
    private static SiloEntry ReadEntry(NpgsqlDataReader reader, int first) => new(
        SiloId: reader.GetString(first),
        ClusterId: reader.GetString(first + 1),
        Address: reader.GetString(first + 2),
        ApiAddress: reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        Status: SiloMembershipStatuses.FromStoredName(reader.GetString(first + 4)),
        StartedAt: reader.GetFieldValue<DateTimeOffset>(first + 5),
        HeartbeatAt: reader.GetFieldValue<DateTimeOffset>(first + 6),
        DeclaredDeadBy: reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        Version: reader.GetInt64(first + 8));
}
