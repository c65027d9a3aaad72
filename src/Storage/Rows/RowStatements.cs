using System.Globalization;

namespace OrleansFlows.Storage.Rows;

/// <summary>
/// Turns the rows of one transaction into as few statements as their shapes allow: described inserts
/// (<see cref="ProjectionWrite.Insert"/>) of the same shape become one multi-row statement, at the place of the shape's
/// first row; other statements keep their order. A statement per shape and write would otherwise make a lead's audit
/// rows, attempts and list row cost a statement each.
/// </summary>
/// <remarks>
/// Rows of one shape that meet the same key inside the statement are merged first, as the conflict rule would have
/// merged them one after the other (PostgreSQL refuses to update one row twice in a statement): for
/// <see cref="RowConflict.Ignore"/> the first stays, for <see cref="RowConflict.Replace"/> the last, for
/// <see cref="RowConflict.Add"/> the updated columns are summed. Keyed rows are sorted by key, so that transactions
/// in flight at once lock shared rows (a tenant's daily usage) in the same order.
/// </remarks>
internal static class RowStatements
{
    /// <summary>Keeps a statement's parameters well below SQLite's and PostgreSQL's limits (32,766 and 65,535).</summary>
    public const int MaxParameters = 8_000;

    public static IReadOnlyList<ProjectionWrite> Merge(IEnumerable<ProjectionWrite> rows)
    {
        var slots = new List<object>();
        var shapes = new Dictionary<string, ShapeRows>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Insert is not { } insert)
            {
                slots.Add(row);
            }
            else if (shapes.TryGetValue(insert.Shape, out var same))
            {
                same.Add(row);
            }
            else
            {
                var first = new ShapeRows(insert);
                first.Add(row);
                shapes.Add(insert.Shape, first);
                slots.Add(first);
            }
        }

        var statements = new List<ProjectionWrite>(slots.Count);
        foreach (var slot in slots)
        {
            if (slot is ProjectionWrite plain)
            {
                statements.Add(plain);
            }
            else
            {
                statements.AddRange(((ShapeRows)slot).Statements());
            }
        }

        return statements;
    }

    /// <summary>The rows of one shape, merged by key as they arrive.</summary>
    private sealed class ShapeRows(RowInsert shape)
    {
        private readonly List<ProjectionWrite> _rows = [];
        private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

        public void Add(ProjectionWrite row)
        {
            var insert = row.Insert!;
            if (shape.Conflict == RowConflict.Fail)
            {
                _rows.Add(row);
                return;
            }

            var key = insert.KeyText();
            if (!_byKey.TryGetValue(key, out var index))
            {
                _byKey.Add(key, _rows.Count);
                _rows.Add(row);
                return;
            }

            _rows[index] = shape.Conflict switch
            {
                RowConflict.Ignore => _rows[index],
                RowConflict.Replace => row,
                RowConflict.Add => Sum(_rows[index], row),
                _ => throw new InvalidOperationException($"Unexpected conflict rule {shape.Conflict}."),
            };
        }

        public IEnumerable<ProjectionWrite> Statements()
        {
            if (_rows.Count == 1)
            {
                // One row: its own statement, the same text every time, so prepared statements are reused.
                yield return _rows[0];
                yield break;
            }

            var ordered = shape.Conflict == RowConflict.Fail
                ? _rows
                : _rows.OrderBy(r => r.Insert!.KeyText(), StringComparer.Ordinal).ToList();
            var columns = shape.Values.Keys.ToArray();
            var perStatement = Math.Max(1, MaxParameters / columns.Length);
            for (var start = 0; start < ordered.Count; start += perStatement)
            {
                var chunk = ordered.Skip(start).Take(perStatement).ToList();
                if (chunk.Count == 1)
                {
                    yield return chunk[0];
                    continue;
                }

                var parameters = new Dictionary<string, object?>(chunk.Count * columns.Length, StringComparer.Ordinal);
                for (var i = 0; i < chunk.Count; i++)
                {
                    foreach (var column in columns)
                    {
                        parameters[ParameterName(i, column)] = chunk[i].Insert!.Values[column];
                    }
                }

                yield return new ProjectionWrite(shape.Sql(chunk.Count, ParameterName), parameters);
            }
        }

        private ProjectionWrite Sum(ProjectionWrite stored, ProjectionWrite added)
        {
            var values = new Dictionary<string, object?>(added.Insert!.Values, StringComparer.Ordinal);
            foreach (var column in shape.Updated)
            {
                values[column] = Convert.ToInt64(stored.Insert!.Values[column], CultureInfo.InvariantCulture)
                    + Convert.ToInt64(added.Insert.Values[column], CultureInfo.InvariantCulture);
            }

            return ProjectionWrite.InsertRow(shape.Table, values, shape.Conflict, shape.Key, shape.Updated);
        }

        private static string ParameterName(int row, string column) => $"r{row.ToString(CultureInfo.InvariantCulture)}_{column}";
    }
}
