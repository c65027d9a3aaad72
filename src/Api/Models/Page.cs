namespace OrleansFlows.Api.Models;

/// <summary>A page of a list. Pass <see cref="NextCursor"/> as <c>cursor</c> for the next page; it is null at the end.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
