using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Security;
using OrleansFlows.Grains.Persistence;
using OrleansFlows.Storage;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Grains.Tenants;

/// <summary>
/// A tenant: profile, workflows and connections. Each change and the tenant list row commit in one write; a failed
/// write drops the activation (<see cref="StateWrites"/>), so memory never runs ahead of the store.
/// </summary>
[GrainType("tenant")]
public sealed partial class TenantGrain(
    [PersistentState("state", RowStorageNames.Rows)] IPersistentState<TenantState> state,
    SecretProtector secrets,
    IOptions<OutboundHttpOptions> outbound,
    LeadHistory history,
    TimeProvider timeProvider,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private TenantId Id => TenantId.Parse(this.GetPrimaryKeyString());

    public Task<TenantView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<TenantView> SetProfileAsync(TenantProfile profile)
    {
        var errors = TenantProfileRules.Validate(profile);
        if (errors.Count > 0)
        {
            throw new TenantValidationException(errors);
        }

        var now = timeProvider.GetUtcNow();
        state.State.Profile = profile;
        state.State.CreatedAt = state.RecordExists ? state.State.CreatedAt : now;
        state.State.UpdatedAt = now;
        await CommitAsync();

        // Every tenant's data ages out by its retention settings, the defaults until it sets its own.
        await GrainFactory.GetGrain<IRetentionGrain>(this.GetPrimaryKeyString()).EnsureScheduledAsync(profile.TimeZone, state.State.CreatedAt);
        return View()!;
    }

    private void EnsureExists()
    {
        if (!state.RecordExists || state.State.Profile is null)
        {
            throw new TenantNotFoundException(this.GetPrimaryKeyString());
        }
    }

    /// <summary>Writes the state with the tenant list row, which every tenant write refreshes, and any other <paramref name="rows"/>.</summary>
    private Task CommitAsync(params ProjectionWrite[] rows)
    {
        state.State.PendingRows.Add(TenantProjection.Upsert(this.GetPrimaryKeyString(), state.State));
        state.State.PendingRows.AddRange(rows);
        return state.WriteOrDeactivateAsync(this, logger);
    }

    private TenantView? View() => state.State.Profile is { } profile
        ? new TenantView(this.GetPrimaryKeyString(), profile, state.State.CreatedAt, state.State.UpdatedAt, state.State.Suspended, state.State.Limits, state.State.Offboarding)
        : null;
}
