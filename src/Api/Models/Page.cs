namespace OrleansFlows.Api.Models;

/// <summary>A page of a list. Pass <c>nextCursor</c> as <c>cursor</c> for the next page; it is null at the end.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
