using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// A cluster client's read-only view of the membership table, refreshed every <see cref="ClusterClientOptions.RefreshPeriod"/>
/// and on demand. A client is not a member: it registers nothing and declares no silo dead.
/// </summary>
internal sealed partial class ClusterClientView(IMembershipTable table, IOptions<ClusterClientOptions> options, ILogger<ClusterClientView> logger)
    : BackgroundService, IMembershipView
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile MembershipSnapshot _current = MembershipSnapshot.Empty(options.Value.ClusterId);

    public string ClusterId => options.Value.ClusterId;

    public MembershipSnapshot Current => _current;

    public async Task<MembershipSnapshot> RefreshNowAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var view = await table.ReadViewAsync(ClusterId, cancellationToken).ConfigureAwait(false);
            if (view.Version >= _current.Version)
            {
                _current = view;
            }

            return _current;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshNowAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            // Start anyway: calls fail with SiloUnavailableException until the table can be read.
            LogRefreshFailed(logger, ClusterId, exception.Message);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _refreshLock.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshPeriod);
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshNowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StorageException exception)
            {
                LogRefreshFailed(logger, ClusterId, exception.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1830, Level = LogLevel.Warning, Message = "The cluster client could not read the membership of cluster '{ClusterId}': {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string clusterId, string error);
}
