using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Queues;
using OrleansFlows.Grains.Offboarding;

namespace OrleansFlows.Grains.Queues;

/// <summary>
/// Brings queue consumers back as soon as the cluster declares a silo dead, rather than at their reminder's next tick
/// up to a minute later. Each surviving silo then asks every trigger's consumer to refresh: a consumer the dead silo
/// held activates on a survivor and consumes again; one alive elsewhere finds nothing to change. The consumers are
/// found by their reminders, the one durable list of the triggers that exist.
/// </summary>
internal sealed partial class QueueConsumerFailover(
    IClusterMembershipService membership,
    OffboardingRows rows,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    ILogger<QueueConsumerFailover> logger) : IHostedService
{
    private const string GrainType = "queue-consumer";
    private const int PageSize = 500;
    private const int CallConcurrency = 32;

    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Grain calls work only once the silo has started, which is after every hosted service's StartAsync.
        lifetime.ApplicationStarted.Register(() => _watching = WatchAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    // A host may stop it twice (a stop, then a dispose that stops again), so the source is cancelled, never disposed.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        // Silos dead before this one started (old rows of the membership table) need nothing.
        var dead = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress));
                if (newlyDead > 0)
                {
                    await RefreshConsumersAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshConsumersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var keys = await ConsumerKeysAsync(cancellationToken);
            foreach (var chunk in keys.Chunk(CallConcurrency))
            {
                await Task.WhenAll(chunk.Select(key => grains.GetGrain<IQueueConsumerGrain>(key).RefreshAsync()));
            }

            LogRefreshed(logger, keys.Count);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, exception);
        }
    }

    /// <summary>The keys of every consumer with a reminder, from the reminder tables.</summary>
    private async Task<IReadOnlyList<string>> ConsumerKeysAsync(CancellationToken cancellationToken)
    {
        var prefix = GrainType + "/";
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (table, column) in rows.GrainIdTables.Where(t => t.Table != "grain_state"))
        {
            string? after = null;
            while (true)
            {
                var ids = await rows.IdsHoldingAsync(table, column, prefix, after, PageSize, cancellationToken);
                keys.UnionWith(ids.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Select(id => id[prefix.Length..]));
                if (ids.Count < PageSize)
                {
                    break;
                }

                after = ids[^1];
            }
        }

        return [.. keys];
    }

    [LoggerMessage(EventId = QueueEventIds.FailoverRefreshed, Level = LogLevel.Information, Message = "A silo was declared dead: asked {Consumers} queue trigger consumers to refresh")]
    private static partial void LogRefreshed(ILogger logger, int consumers);

    [LoggerMessage(EventId = QueueEventIds.FailoverFailed, Level = LogLevel.Warning, Message = "Asking the queue trigger consumers to refresh after a silo's death failed; their reminders bring them back within a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
