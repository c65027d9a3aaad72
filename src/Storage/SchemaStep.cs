namespace OrleansFlows.Storage;

/// <summary>One versioned step of a component's schema, with its SQL for each provider.</summary>
/// <param name="Version">The schema version this step brings the component to; steps run in ascending order, once.</param>
/// <param name="Sqlite">The SQLite script.</param>
/// <param name="Postgres">The PostgreSQL script.</param>
public sealed record SchemaStep(int Version, string Sqlite, string Postgres);

/// <summary>
/// A component that owns tables in the store (the runtime itself, or the application's projections). The bootstrap
/// applies its steps above the stored version, idempotently, at start-up.
/// </summary>
public interface ISchemaContributor
{
    /// <summary>A stable component name, such as <c>runtime</c>.</summary>
    string Component { get; }

    /// <summary>The steps, by ascending version.</summary>
    IReadOnlyList<SchemaStep> Steps { get; }

    /// <summary>
    /// The tables the steps create. If one of them is missing at start-up although the recorded version says it was
    /// created (it was dropped), the bootstrap runs every step again; so list tables only when every step is idempotent
    /// (<c>CREATE TABLE IF NOT EXISTS</c>). Empty by default: a dropped table then stays missing.
    /// </summary>
    IReadOnlyList<string> Tables => [];
}
