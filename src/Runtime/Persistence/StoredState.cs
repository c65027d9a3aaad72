namespace OrleansFlows.Runtime.Persistence;

/// <summary>A state record as stored: its JSON (null once cleared) and its version.</summary>
public sealed record StoredState(string? Json, long Version);
