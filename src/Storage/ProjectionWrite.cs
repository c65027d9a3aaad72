namespace OrleansFlows.Storage;

/// <summary>
/// One SQL statement that updates a projection table in the same transaction as a grain's state.
/// Parameters are named <c>@name</c>; the SQL must be valid on SQLite and PostgreSQL alike.
/// </summary>
/// <param name="Sql">The statement.</param>
/// <param name="Parameters">Parameter values by name (without '@'): strings, numbers, booleans, <see cref="DateTimeOffset"/> or null.</param>
public sealed record ProjectionWrite(string Sql, IReadOnlyDictionary<string, object?> Parameters)
{
    /// <summary>The row this statement inserts, when it is a described insert that can share a statement with others.</summary>
    public RowInsert? Insert { get; private init; }

    /// <summary>An insert of one row, named after its columns; with others of its shape it can become one statement.</summary>
    /// <param name="table">The table.</param>
    /// <param name="values">The row's values by column, in column order.</param>
    /// <param name="conflict">What happens when the table holds a row with the same <paramref name="key"/>.</param>
    /// <param name="key">The columns of the unique key that <paramref name="conflict"/> applies to.</param>
    /// <param name="updated">The columns that <see cref="RowConflict.Replace"/> or <see cref="RowConflict.Add"/> change.</param>
    public static ProjectionWrite InsertRow(
        string table,
        IReadOnlyDictionary<string, object?> values,
        RowConflict conflict = RowConflict.Fail,
        IReadOnlyList<string>? key = null,
        IReadOnlyList<string>? updated = null)
    {
        var insert = new RowInsert(table, values, conflict, key ?? [], updated ?? []);
        if (conflict != RowConflict.Fail && insert.Key.Count == 0)
        {
            throw new ArgumentException($"A {conflict} insert into {table} needs the key its conflict rule applies to.", nameof(key));
        }

        if (conflict is RowConflict.Replace or RowConflict.Add && insert.Updated.Count == 0)
        {
            throw new ArgumentException($"A {conflict} insert into {table} needs the columns it updates.", nameof(updated));
        }

        return new ProjectionWrite(insert.Sql(1, static (_, column) => column), values) { Insert = insert };
    }
}
