namespace OrleansFlows.Storage;

/// <summary>A state record as stored: its JSON (null once cleared) and its version.</summary>
public sealed record StoredState(string? Json, long Version);
