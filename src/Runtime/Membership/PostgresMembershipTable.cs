using Npgsql;
using OrleansFlows.Runtime.Persistence.Postgres;

namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// The membership table in PostgreSQL. Every status change runs in one transaction that first locks the cluster's
/// row in <c>cluster_membership_versions</c>, then changes members, then raises the version; taking that lock first
/// serializes changes per cluster and orders their locks, so they can't deadlock. A heartbeat touches only its own
/// row and no version. Times are the database's <c>now()</c>.
/// </summary>
internal sealed partial class PostgresMembershipTable(PostgresDatabase database) : IMembershipTable
{
    private const string Columns = "silo_id, cluster_id, address, api_address, status, started_at, heartbeat_at, declared_dead_by, version";

    private static readonly string MemberColumns = string.Join(", ", Columns.Split(", ").Select(c => "m." + c));

    public Task<SiloEntry> RegisterAsync(SiloRegistration registration, CancellationToken cancellationToken) =>
        ChangeAsync(
            registration.ClusterId,
            $"Registering silo {registration.SiloId}",
            async (connection, transaction, version) =>
            {
                await using var command = database.Command(
                    connection,
                    $"""
                     INSERT INTO cluster_members (silo_id, cluster_id, address, api_address, status, started_at, heartbeat_at, alive_since, declared_dead_by, version)
                     VALUES (@s, @c, @a, @api, '{SiloMembershipStatuses.Joining}', now(), now(), now(), NULL, @v)
                     RETURNING {Columns}
                     """,
                    transaction);
                command.Parameters.AddWithValue("s", registration.SiloId);
                command.Parameters.AddWithValue("c", registration.ClusterId);
                command.Parameters.AddWithValue("a", registration.Address);
                command.Parameters.Add(PostgresValues.Parameter("api", registration.ApiAddress));
                command.Parameters.AddWithValue("v", version);
                try
                {
                    var entry = await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
                    return (entry!, true);
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    throw new InvalidOperationException(
                        $"Silo {registration.SiloId} is already registered; a silo registers once per process start, and a restarted process gets a new id.",
                        exception);
                }
            },
            cancellationToken);

    public Task<SiloEntry> SetStatusAsync(string clusterId, string siloId, SiloMembershipStatus status, CancellationToken cancellationToken) =>
        ChangeAsync(
            clusterId,
            $"Moving silo {siloId} to {SiloMembershipStatuses.ToStoredName(status)}",
            async (connection, transaction, version) =>
            {
                await using var command = database.Command(
                    connection,
                    $"""
                     UPDATE cluster_members
                     SET status = @st, version = @v, declared_dead_by = CASE WHEN @st = '{SiloMembershipStatuses.Dead}' THEN silo_id ELSE declared_dead_by END
                     WHERE silo_id = @s AND cluster_id = @c AND status = ANY(@from)
                     RETURNING {Columns}
                     """,
                    transaction);
                command.Parameters.AddWithValue("st", SiloMembershipStatuses.ToStoredName(status));
                command.Parameters.AddWithValue("v", version);
                command.Parameters.AddWithValue("s", siloId);
                command.Parameters.AddWithValue("c", clusterId);
                command.Parameters.AddWithValue("from", SiloMembershipStatuses.Predecessors(status).Select(SiloMembershipStatuses.ToStoredName).ToArray());
                if (await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    return (entry, true);
                }

                var current = await ReadStatusAsync(connection, transaction, clusterId, siloId, cancellationToken).ConfigureAwait(false);
                if (current is null || current.Value.Status == SiloMembershipStatus.Dead)
                {
                    throw new SiloDeclaredDeadException(clusterId, siloId, current?.DeclaredDeadBy);
                }

                throw new InvalidOperationException(
                    $"Silo {siloId} can't move from {SiloMembershipStatuses.ToStoredName(current.Value.Status)} to {SiloMembershipStatuses.ToStoredName(status)}; a silo's status only moves forward.");
            },
            cancellationToken);

    public async Task HeartbeatAsync(string clusterId, string siloId, TimeSpan maxGap, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = database.Command(
                connection,
                $"""
                 UPDATE cluster_members
                 SET heartbeat_at = now(), alive_since = CASE WHEN heartbeat_at < now() - @gap * interval '1 millisecond' THEN now() ELSE alive_since END
                 WHERE silo_id = @s AND cluster_id = @c AND status <> '{SiloMembershipStatuses.Dead}'
                 """))
            {
                command.Parameters.AddWithValue("gap", (long)maxGap.TotalMilliseconds);
                command.Parameters.AddWithValue("s", siloId);
                command.Parameters.AddWithValue("c", clusterId);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return;
                }
            }

            var current = await ReadStatusAsync(connection, null, clusterId, siloId, cancellationToken).ConfigureAwait(false);
            throw new SiloDeclaredDeadException(clusterId, siloId, current?.DeclaredDeadBy);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Heartbeat of silo {siloId}", database.Description);
        }
    }

    public Task<IReadOnlyList<string>> DeclareStaleDeadAsync(string clusterId, string observerSiloId, TimeSpan deathTimeout, CancellationToken cancellationToken) =>
        ChangeAsync<IReadOnlyList<string>>(
            clusterId,
            $"Declaring stale silos dead on behalf of silo {observerSiloId}",
            async (connection, transaction, version) =>
            {
                var observer = await ReadStatusAsync(connection, transaction, clusterId, observerSiloId, cancellationToken).ConfigureAwait(false);
                if (observer is null || observer.Value.Status == SiloMembershipStatus.Dead)
                {
                    throw new SiloDeclaredDeadException(clusterId, observerSiloId, observer?.DeclaredDeadBy);
                }

                await using var command = database.Command(
                    connection,
                    $"""
                     UPDATE cluster_members m
                     SET status = '{SiloMembershipStatuses.Dead}', declared_dead_by = @o, version = @v
                     WHERE m.cluster_id = @c AND m.status <> '{SiloMembershipStatuses.Dead}' AND m.silo_id <> @o
                       AND m.heartbeat_at < now() - @timeout * interval '1 millisecond'
                       AND EXISTS (
                           SELECT 1 FROM cluster_members o
                           WHERE o.silo_id = @o AND o.cluster_id = @c
                             AND o.heartbeat_at >= now() - @timeout * interval '0.5 millisecond'
                             AND o.alive_since <= now() - @timeout * interval '1 millisecond')
                     RETURNING m.silo_id
                     """,
                    transaction);
                command.Parameters.AddWithValue("o", observerSiloId);
                command.Parameters.AddWithValue("v", version);
                command.Parameters.AddWithValue("c", clusterId);
                command.Parameters.AddWithValue("timeout", (long)deathTimeout.TotalMilliseconds);
                var declared = await ReadIdsAsync(command, cancellationToken).ConfigureAwait(false);
                return (declared, declared.Count > 0);
            },
            cancellationToken);

    public Task<IReadOnlyList<string>> RemoveDefunctAsync(string clusterId, TimeSpan retention, CancellationToken cancellationToken) =>
        ChangeAsync<IReadOnlyList<string>>(
            clusterId,
            "Removing defunct silos",
            async (connection, transaction, _) =>
            {
                await using var command = database.Command(
                    connection,
                    $"""
                     DELETE FROM cluster_members
                     WHERE cluster_id = @c AND status = '{SiloMembershipStatuses.Dead}' AND heartbeat_at < now() - @retention * interval '1 millisecond'
                     RETURNING silo_id
                     """,
                    transaction);
                command.Parameters.AddWithValue("c", clusterId);
                command.Parameters.AddWithValue("retention", (long)retention.TotalMilliseconds);
                var removed = await ReadIdsAsync(command, cancellationToken).ConfigureAwait(false);
                return (removed, removed.Count > 0);
            },
            cancellationToken);

    public async Task<MembershipSnapshot> ReadViewAsync(string clusterId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

            // One statement reads the version and the members from one snapshot, and yields a row even for an empty cluster.
            await using var command = database.Command(
                connection,
                $"""
                 SELECT v.version, now(), {MemberColumns}
                 FROM (SELECT COALESCE((SELECT version FROM cluster_membership_versions WHERE cluster_id = @c), 0) AS version) v
                 LEFT JOIN cluster_members m ON m.cluster_id = @c
                 """);
            command.Parameters.AddWithValue("c", clusterId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            long version = 0;
            var readAt = DateTimeOffset.MinValue;
            var members = new List<SiloEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.GetInt64(0);
                readAt = reader.GetFieldValue<DateTimeOffset>(1);
                if (!reader.IsDBNull(2))
                {
                    members.Add(ReadEntry(reader, 2));
                }
            }

            return new MembershipSnapshot(clusterId, version, readAt, members);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Reading the membership of cluster '{clusterId}'", database.Description);
        }
    }
}
