using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Grains.Tenants;

/// <summary>A tenant. Its profile change and the tenant list row commit in one write.</summary>
public sealed class TenantGrain(IPersistentState<TenantState> state, TimeProvider timeProvider) : Grain, ITenantGrain
{
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
        try
        {
            await state.WriteStateAsync(new StateWriteBatch().Project(TenantProjection.Upsert(GrainId.Key, state.State)));
        }
        catch
        {
            // The write did not commit; keep memory equal to the store.
            (state.State.Profile, state.State.CreatedAt, state.State.UpdatedAt) = previous;
            throw;
        }

        return View()!;
    }

    private TenantView? View() =>
        state.State.Profile is { } profile ? new TenantView(GrainId.Key, profile, state.State.CreatedAt, state.State.UpdatedAt) : null;
}
