namespace OrleansFlows.Contracts.Paging;

/// <summary>A page of a list: its items, and the cursor of the next page (null at the end).</summary>
[GenerateSerializer]
[Alias("OrleansFlows.Page`1")]
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>Builds a page from a query that asked for one row more than <paramref name="limit"/>.</summary>
    public static Page<T> From(IReadOnlyList<T> rows, int limit, Func<T, string> cursorOf) =>
        rows.Count > limit ? new Page<T>(rows.Take(limit).ToList(), cursorOf(rows[limit - 1])) : new Page<T>(rows, null);
}
