using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Security;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Grains.Tenants;

/// <summary>A tenant: profile, workflows and connections. Each change and the tenant list row commit in one write.</summary>
public sealed partial class TenantGrain(
    IPersistentState<TenantState> state,
    SecretProtector secrets,
    IOptions<OutboundHttpOptions> outbound,
    LeadHistory history,
    TimeProvider timeProvider) : Grain, ITenantGrain
{
    private TenantId Id => TenantId.Parse(GrainId.Key);

    public Task<TenantView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<TenantView> SetProfileAsync(TenantProfile profile)
    {
        var errors = TenantProfileRules.Validate(profile);
        if (errors.Count > 0)
        {
            throw new TenantValidationException(errors);
        }

        var now = timeProvider.GetUtcNow();
        var previous = (state.State.Profile, state.State.CreatedAt, state.State.UpdatedAt);
        state.State.Profile = profile;
        state.State.CreatedAt = state.RecordExists ? state.State.CreatedAt : now;
        state.State.UpdatedAt = now;
        await WriteOrRollBackAsync(() => (state.State.Profile, state.State.CreatedAt, state.State.UpdatedAt) = previous);
        return View()!;
    }

    private void EnsureExists()
    {
        if (!state.RecordExists || state.State.Profile is null)
        {
            throw new TenantNotFoundException(GrainId.Key);
        }
    }

    /// <summary>Writes the state with the tenant list row; if the write fails, undoes the change so memory matches the store.</summary>
    private Task WriteOrRollBackAsync(Action rollback) => WriteOrRollBackAsync(Batch(), rollback);

    private async Task WriteOrRollBackAsync(StateWriteBatch batch, Action rollback)
    {
        try
        {
            await state.WriteStateAsync(batch);
        }
        catch
        {
            rollback();
            throw;
        }
    }

    /// <summary>A write batch that carries the tenant list row, which every tenant write refreshes.</summary>
    private StateWriteBatch Batch() => new StateWriteBatch().Project(TenantProjection.Upsert(GrainId.Key, state.State));

    private TenantView? View() => state.State.Profile is { } profile
        ? new TenantView(GrainId.Key, profile, state.State.CreatedAt, state.State.UpdatedAt, state.State.Suspended, state.State.Limits)
        : null;
}
