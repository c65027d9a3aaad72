namespace OrleansFlows.Api.Endpoints;

/// <summary>List paging: <c>limit</c> 1 to 200, default 50.</summary>
internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <exception cref="ArgumentException">The limit is out of range.</exception>
    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw new ArgumentException($"'limit' must be between 1 and {MaxLimit}; it is {limit}.", nameof(limit)),
    };
}
