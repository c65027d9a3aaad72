using Orleans.Concurrency;
using OrleansFlows.Contracts.Paging;

namespace OrleansFlows.Contracts.Retention;

/// <summary>
/// A tenant's data retention (<c>retention/{tenantId}</c>): its settings, one durable reminder for the nightly job, and
/// the job's runs, each a row in <c>retention_runs</c>.
/// </summary>
[Alias("retention")]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>The settings, with defaults where none were set, and the schedule of the nightly job.</summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
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

    /// <summary>Runs the job now and returns its run once it finished.</summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    Task<RetentionRunView> RunNowAsync();

    /// <summary>A page of the job's runs, newest first. Reads only the store, so it answers while a run is going on.</summary>
    [AlwaysInterleave]
    Task<Page<RetentionRunView>> ListRunsAsync(int limit, string? cursor);
}
