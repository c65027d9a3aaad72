using OrleansFlows.Contracts.Offboarding;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    public async Task<TenantOffboarding> BeginOffboardingAsync(DateTimeOffset scheduledFor)
    {
        EnsureExists();
        if (state.State.Offboarding is { } scheduled)
        {
            return scheduled;
        }

        state.State.Offboarding = new TenantOffboarding(timeProvider.GetUtcNow(), scheduledFor, state.State.Suspended);
        state.State.Suspended = true;
        await CommitAsync();
        return state.State.Offboarding;
    }

    public async Task<TenantView?> CancelOffboardingAsync()
    {
        if (!state.RecordExists || state.State.Offboarding is not { } offboarding)
        {
            return null;
        }

        state.State.Suspended = offboarding.SuspendedBefore;
        state.State.Offboarding = null;
        await CommitAsync();
        return View();
    }

    public async Task<bool> DeleteOffboardedAsync()
    {
        if (!state.RecordExists || state.State.Offboarding is null)
        {
            return false;
        }

        var tenant = new Dictionary<string, object?> { ["tenant"] = Id.Value };
        state.State.PendingRows.Add(new ProjectionWrite("DELETE FROM api_keys WHERE tenant_id = @tenant", tenant));
        state.State.PendingRows.Add(new ProjectionWrite("DELETE FROM tenants WHERE tenant_id = @tenant", tenant));

        // Clearing a state leaves an empty row with its version; this removes it too, so nothing of the tenant remains.
        state.State.PendingRows.Add(new ProjectionWrite(
            "DELETE FROM grain_state WHERE grain_id = @grain",
            new Dictionary<string, object?> { ["grain"] = this.GetGrainId().ToString() }));
        try
        {
            await state.ClearStateAsync();
        }
        finally
        {
            // Written or not, this activation's memory no longer matches the store's; the next call reads it afresh.
            DeactivateOnIdle();
        }

        return true;
    }
}
