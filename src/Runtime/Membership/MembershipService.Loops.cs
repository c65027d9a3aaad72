using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Membership;

/// <summary>The heartbeat and refresh loops. Each runs on its own period, so a slow read never delays a heartbeat.</summary>
internal sealed partial class MembershipService
{
    private async Task RunHeartbeatsAsync(CancellationToken stopping)
    {
        // A previous heartbeat older than half the death timeout means this silo missed beats (a pause, an outage):
        // its run of heartbeats starts again, and it judges no one until that run is a whole timeout long.
        var maxGap = _options.DeathTimeout / 2;
        using var timer = new PeriodicTimer(_options.HeartbeatPeriod, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await _table.HeartbeatAsync(ClusterId, SiloId, maxGap, stopping).ConfigureAwait(false);
                }
                catch (SiloDeclaredDeadException exception)
                {
                    OnDeclaredDead(exception);
                    return;
                }
                catch (StorageException exception)
                {
                    LogHeartbeatFailed(_logger, SiloId, _options.HeartbeatPeriod, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RunRefreshesAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.RefreshPeriod, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await RefreshNowAsync(stopping).ConfigureAwait(false);
                }
                catch (SiloDeclaredDeadException)
                {
                    // RefreshNowAsync has handled it: the loops are stopping and the silo was told to stop serving.
                    return;
                }
                catch (StorageException exception)
                {
                    LogRefreshFailed(_logger, SiloId, _options.RefreshPeriod, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
