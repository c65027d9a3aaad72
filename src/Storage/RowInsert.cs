using System.Globalization;
using System.Text;

namespace OrleansFlows.Storage;

/// <summary>
/// One row inserted into a projection table, described rather than written as SQL, so that rows of the same shape
/// (table, columns and conflict rule) from many writes can go to the store as one multi-row statement
/// (<see cref="Rows.RowStatements"/>). Parameters are named after the columns.
/// </summary>
/// <param name="Table">The table.</param>
/// <param name="Values">The row's values by column, in column order.</param>
/// <param name="Conflict">What happens when the table holds a row with the same <paramref name="Key"/>.</param>
/// <param name="Key">The columns of the unique key the conflict rule applies to; empty for <see cref="RowConflict.Fail"/>.</param>
/// <param name="Updated">The columns that <see cref="RowConflict.Replace"/> or <see cref="RowConflict.Add"/> change.</param>
public sealed record RowInsert(
    string Table,
    IReadOnlyDictionary<string, object?> Values,
    RowConflict Conflict,
    IReadOnlyList<string> Key,
    IReadOnlyList<string> Updated)
{
    /// <summary>Rows with the same shape can share one statement.</summary>
    public string Shape { get; } = $"{Table}({string.Join(',', Values.Keys)}) {Conflict} ({string.Join(',', Key)}) ({string.Join(',', Updated)})";

    /// <summary>The row's key, as one string; rows with the same key meet the conflict rule.</summary>
    public string KeyText() =>
        string.Join('\u001f', Key.Select(column => Convert.ToString(Values[column], CultureInfo.InvariantCulture)));

    /// <summary>The statement for <paramref name="rows"/> rows of this shape, whose parameters are named by <paramref name="parameterName"/>.</summary>
    public string Sql(int rows, Func<int, string, string> parameterName)
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {Table} ({string.Join(", ", Values.Keys)}) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            sql.AppendJoin(", ", Values.Keys.Select(column => "@" + parameterName(row, column)));
            sql.Append(')');
        }

        sql.Append(Conflict switch
        {
            RowConflict.Fail => "",
            RowConflict.Ignore => $" ON CONFLICT ({string.Join(", ", Key)}) DO NOTHING",
            RowConflict.Replace => $" ON CONFLICT ({string.Join(", ", Key)}) DO UPDATE SET {string.Join(", ", Updated.Select(c => $"{c} = excluded.{c}"))}",
            RowConflict.Add => $" ON CONFLICT ({string.Join(", ", Key)}) DO UPDATE SET {string.Join(", ", Updated.Select(c => $"{c} = {Table}.{c} + excluded.{c}"))}",
            _ => throw new ArgumentOutOfRangeException(nameof(Conflict), Conflict, null),
        });
        return sql.ToString();
    }
}
