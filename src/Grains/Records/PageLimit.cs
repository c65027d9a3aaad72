namespace OrleansFlows.Grains.Records;

/// <summary>The page sizes a keyset query accepts.</summary>
public static class PageLimit
{
    /// <summary>The largest page a query returns.</summary>
    public const int Max = 1_000;

    /// <summary>Checks a page size.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="Max"/>.</exception>
    public static int Ensure(int limit) => limit is >= 1 and <= Max
        ? limit
        : throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {Max} items.");
}
