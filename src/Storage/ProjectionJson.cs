namespace OrleansFlows.Storage;

/// <summary>A JSON value for a projection parameter: <c>jsonb</c> in PostgreSQL, text in SQLite.</summary>
/// <param name="Json">The JSON text.</param>
public sealed record ProjectionJson(string Json);
