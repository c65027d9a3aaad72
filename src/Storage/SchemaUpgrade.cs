using Microsoft.Extensions.Logging;

namespace OrleansFlows.Storage;

/// <summary>The one decision both bootstraps make for a component: which of its steps to run, given what is stored.</summary>
internal static class SchemaUpgrade
{
    /// <summary>
    /// The steps above <paramref name="current"/>, in order; every step again when a table the component lists is
    /// missing (<paramref name="missingTable"/>), since its steps are idempotent.
    /// </summary>
    /// <exception cref="StorageSchemaException">The stored version is newer than this build's.</exception>
    public static IEnumerable<SchemaStep> PendingSteps(ISchemaContributor contributor, long current, string? missingTable, string store, ILogger logger)
    {
        var latest = contributor.Steps.Count == 0 ? 0 : contributor.Steps.Max(s => s.Version);
        if (current > latest)
        {
            throw new StorageSchemaException(
                $"Schema of '{contributor.Component}' in {store} is at version {current}, newer than this build's {latest}. Run a newer build.");
        }

        if (current > 0 && missingTable is not null)
        {
            SchemaLog.LogRecreatingSchema(logger, contributor.Component, store, missingTable, current);
            current = 0;
        }

        return contributor.Steps.Where(s => s.Version > current).OrderBy(s => s.Version).ToList();
    }
}
