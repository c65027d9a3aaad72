using Orleans.Concurrency;
using OrleansFlows.Contracts.Paging;

namespace OrleansFlows.Contracts.Retention;

/// <summary>
/// A tenant's data retention (<c>retention/{tenantId}</c>): its settings, one durable reminder for the nightly job, and
/// the job's runs, each a row in <c>retention_runs</c>. A run goes on in the background, batch by batch, its progress
/// saved with each batch, so that reads answer while it runs.
/// </summary>
[Alias("retention")]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>The settings, with defaults where none were set, and the schedule of the nightly job. Answers while a run is going on.</summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    [AlwaysInterleave]
    Task<RetentionSettingsView> GetSettingsAsync();

    /// <summary>Replaces the settings and keeps the nightly job scheduled. Durable when it returns.</summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    /// <exception cref="Tenants.TenantValidationException">A setting is out of range; every problem is listed by field.</exception>
    Task<RetentionSettingsView> SetSettingsAsync(RetentionSettings settings);

    /// <summary>
    /// Keeps the nightly job scheduled in the tenant's zone with the current settings (the defaults if none were set).
    /// The tenant calls it when its profile is set, so every tenant's data ages out without asking.
    /// </summary>
    Task EnsureScheduledAsync(string timeZone, DateTimeOffset tenantCreatedAt);

    /// <summary>
    /// Gives the tenant its nightly job if it has none: a tenant that existed before retention gets one in the zone and
    /// with the creation time of its <c>tenants</c> row; one that has a schedule gets its reminder back if it was lost,
    /// and otherwise nothing is written. Every silo calls it for every tenant at its start.
    /// </summary>
    Task BackfillAsync(string timeZone, DateTimeOffset tenantCreatedAt);

    /// <summary>
    /// Starts a run now and returns it as <c>running</c> once it is recorded; it goes on in the background, and its row
    /// names <paramref name="requestedByKeyId"/>.
    /// </summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    /// <exception cref="RetentionRunConflictException">A run of the tenant is still going.</exception>
    Task<RetentionRunView> StartRunAsync(string? requestedByKeyId);

    /// <summary>One run, running or finished, or null. Reads only the store, so it answers while a run is going on.</summary>
    [AlwaysInterleave]
    Task<RetentionRunView?> GetRunAsync(string runId);

    /// <summary>A page of the job's runs, newest first. Reads only the store, so it answers while a run is going on.</summary>
    [AlwaysInterleave]
    Task<Page<RetentionRunView>> ListRunsAsync(int limit, string? cursor);
}
