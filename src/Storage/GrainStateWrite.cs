namespace OrleansFlows.Storage;

/// <summary>One versioned write of a grain's state, with the rows that must commit with it.</summary>
/// <param name="GrainId">The grain, as Orleans formats its id (<c>type/key</c>).</param>
/// <param name="StateName">The state name, unique per grain.</param>
/// <param name="StateType">The CLR type name, kept for diagnostics.</param>
/// <param name="Json">The serialized state, or null to clear it.</param>
/// <param name="ExpectedVersion">The version the writer read; 0 means it read no record.</param>
/// <param name="Rows">Row statements for projection tables.</param>
public sealed record GrainStateWrite(
    string GrainId,
    string StateName,
    string StateType,
    string? Json,
    long ExpectedVersion,
    IReadOnlyList<ProjectionWrite> Rows);
