using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Persistence;

/// <summary>One versioned write of a grain's state, with what must commit with it.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="StateName">The state name, unique per grain.</param>
/// <param name="StateType">The CLR type name, kept for diagnostics.</param>
/// <param name="Json">The serialized state, or null to clear it.</param>
/// <param name="ExpectedVersion">The version the writer read; 0 means it read no record.</param>
/// <param name="Reminders">Reminder changes of the same grain.</param>
/// <param name="Projections">Projection statements.</param>
public sealed record GrainStateWrite(
    GrainId GrainId,
    string StateName,
    string StateType,
    string? Json,
    long ExpectedVersion,
    IReadOnlyList<ReminderChange> Reminders,
    IReadOnlyList<ProjectionWrite> Projections);
