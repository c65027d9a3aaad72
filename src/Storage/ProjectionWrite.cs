namespace OrleansFlows.Storage;

/// <summary>
/// One SQL statement that updates a projection table in the same transaction as a grain's state.
/// Parameters are named <c>@name</c>; the SQL must be valid on SQLite and PostgreSQL alike.
/// </summary>
/// <param name="Sql">The statement.</param>
/// <param name="Parameters">Parameter values by name (without '@'): strings, numbers, booleans, <see cref="DateTimeOffset"/> or null.</param>
public sealed record ProjectionWrite(string Sql, IReadOnlyDictionary<string, object?> Parameters);
