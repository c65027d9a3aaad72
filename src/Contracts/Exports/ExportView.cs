namespace OrleansFlows.Contracts.Exports;

/// <summary>An export as recorded.</summary>
/// <param name="ExportId">Its id.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>done</c>, <c>failed</c> or <c>expired</c> (see <see cref="ExportStatus"/>).</param>
/// <param name="RequestedBy">The id of the API key that asked for it.</param>
/// <param name="RequestedAt">When it was asked for.</param>
/// <param name="FinishedAt">When it ended, or null.</param>
/// <param name="Counts">Once done: the lines of each file in the zip, by file name.</param>
/// <param name="Error">Once failed: why.</param>
/// <param name="SizeBytes">Once done: the zip's size.</param>
[GenerateSerializer]
[Alias("OrleansFlows.ExportView")]
public sealed record ExportView(
    string ExportId,
    string Status,
    string? RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, long> Counts,
    string? Error,
    long? SizeBytes);
