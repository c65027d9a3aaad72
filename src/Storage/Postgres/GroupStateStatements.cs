using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// The state statements of a group commit: one multi-row <c>UPDATE</c> for the writes of stored records and one
/// multi-row <c>INSERT</c> for first writes, each with every write's own version check. <c>RETURNING</c> names the
/// records written, so a stale write is known without a statement of its own.
/// </summary>
internal sealed class GroupStateStatements : IAsyncDisposable
{
    private readonly NpgsqlBatch _batch;
    // The writes each command of the batch carries, by their index in the group.
    private readonly List<IReadOnlyList<int>> _writesOfCommand = [];
    private readonly IReadOnlyList<GrainStateWrite> _writes;

    public GroupStateStatements(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<GrainStateWrite> writes, int timeoutSeconds)
    {
        _writes = writes;
        _batch = new NpgsqlBatch(connection, transaction) { Timeout = timeoutSeconds };
        var indexes = Enumerable.Range(0, writes.Count).ToList();
        if (writes.DistinctBy(w => (w.GrainId, w.StateName)).Count() != writes.Count)
        {
            // Two writes of one record in a group: a joined update would write it once and report both. One command each.
            indexes.ForEach(i => Add(Statement(writes, [i])));
            return;
        }

        if (indexes.Where(i => writes[i].ExpectedVersion != 0).ToList() is { Count: > 0 } updates)
        {
            Add(Statement(writes, updates));
        }

        if (indexes.Where(i => writes[i].ExpectedVersion == 0).ToList() is { Count: > 0 } inserts)
        {
            Add(Statement(writes, inserts));
        }

        void Add((NpgsqlBatchCommand Command, IReadOnlyList<int> Writes) statement)
        {
            _batch.BatchCommands.Add(statement.Command);
            _writesOfCommand.Add(statement.Writes);
        }
    }

    /// <summary>How many statements the group's states take.</summary>
    public int Statements => _batch.BatchCommands.Count;

    /// <summary>Runs the statements and says, for each write, whether its version check passed and its state was written.</summary>
    public async Task<bool[]> ExecuteAsync(CancellationToken cancellationToken)
    {
        var passed = new bool[_writes.Count];
        await using var reader = await _batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = 0;
        do
        {
            var carried = _writesOfCommand[command++];
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (grainId, stateName) = (reader.GetString(0), reader.GetString(1));
                passed[carried.First(i => _writes[i].GrainId == grainId && _writes[i].StateName == stateName)] = true;
            }
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

        return passed;
    }

    public ValueTask DisposeAsync() => _batch.DisposeAsync();

    /// <summary>One statement for the writes at <paramref name="indexes"/>, which all update or all insert.</summary>
    private static (NpgsqlBatchCommand, IReadOnlyList<int>) Statement(IReadOnlyList<GrainStateWrite> writes, IReadOnlyList<int> indexes)
    {
        var command = new NpgsqlBatchCommand();
        var insert = writes[indexes[0]].ExpectedVersion == 0;
        var values = new StringBuilder();
        foreach (var i in indexes)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            values.Append(values.Length == 0 ? "" : ", ")
                .Append(insert ? $"(@g{n}, @s{n}, @t{n}, @j{n}::jsonb, 1, now())" : $"(@g{n}, @s{n}, @t{n}, @j{n}, @v{n})");
            command.Parameters.Add(new NpgsqlParameter("g" + n, NpgsqlDbType.Text) { Value = writes[i].GrainId });
            command.Parameters.Add(new NpgsqlParameter("s" + n, NpgsqlDbType.Text) { Value = writes[i].StateName });
            command.Parameters.Add(new NpgsqlParameter("t" + n, NpgsqlDbType.Text) { Value = writes[i].StateType });
            command.Parameters.Add(new NpgsqlParameter("j" + n, NpgsqlDbType.Text) { Value = (object?)writes[i].Json ?? DBNull.Value });
            if (!insert)
            {
                command.Parameters.Add(new NpgsqlParameter("v" + n, NpgsqlDbType.Bigint) { Value = writes[i].ExpectedVersion });
            }
        }

        command.CommandText = insert
            ? $"""
               INSERT INTO grain_state (grain_id, state_name, state_type, state_json, version, updated_at)
               VALUES {values}
               ON CONFLICT (grain_id, state_name) DO NOTHING
               RETURNING grain_id, state_name
               """
            : $"""
               UPDATE grain_state AS g SET state_type = w.t, state_json = w.j::jsonb, version = g.version + 1, updated_at = now()
               FROM (VALUES {values}) AS w(g, s, t, j, v)
               WHERE g.grain_id = w.g AND g.state_name = w.s AND g.version = w.v
               RETURNING g.grain_id, g.state_name
               """;
        return (command, indexes);
    }
}
