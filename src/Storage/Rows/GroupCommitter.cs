using System.Threading.Channels;

namespace OrleansFlows.Storage.Rows;

/// <summary>
/// Group commit: state writes that arrive while a transaction is in flight wait for it and then go together in the
/// next one, so many grains share one round trip and one commit. A write alone goes at once; nothing waits on a timer.
/// Up to <c>concurrency</c> groups are in flight at once (one for SQLite's single writer).
/// </summary>
internal sealed class GroupCommitter : IAsyncDisposable
{
    /// <summary>The most writes one transaction carries.</summary>
    public const int MaxGroupSize = 128;

    private readonly IStateStore _store;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _loops;
    private long _groups;

    public GroupCommitter(IStateStore store, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _store = store;
        _loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>How many groups (transactions, when the group commits whole) this committer has sent so far.</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Queues a write for the next group and returns its new version once that group has committed.</summary>
    public Task<long> WriteAsync(GrainStateWrite write)
    {
        var pending = new PendingWrite(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StorageUnavailableException($"Writing state '{write.StateName}' of {write.GrainId} failed: the store is closed because the silo is stopping; nothing was written.", isTransient: true);
        }

        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<PendingWrite>(MaxGroupSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroupSize && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            if (group.Count == 0)
            {
                continue;
            }

            await CommitAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<PendingWrite> group)
    {
        Interlocked.Increment(ref _groups);
        if (group.Count == 1)
        {
            // The common case when the store keeps up: no group bookkeeping.
            var only = group[0];
            try
            {
                only.Completion.TrySetResult(await _store.WriteAsync(only.Write, CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                only.Completion.TrySetException(exception);
            }

            return;
        }

        // Rows shared by several grains (a tenant's daily usage) are locked in grain-id order in every group, so two
        // groups in flight never wait on each other in a cycle.
        group.Sort(static (a, b) => string.CompareOrdinal(a.Write.GrainId, b.Write.GrainId));
        IReadOnlyList<WriteOutcome> outcomes;
        try
        {
            outcomes = await _store.WriteGroupAsync(group.ConvertAll(p => p.Write), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                group[i].Completion.TrySetException(error);
            }
            else
            {
                group[i].Completion.TrySetResult(outcomes[i].Version);
            }
        }
    }

    private sealed class PendingWrite(GrainStateWrite write)
    {
        public GrainStateWrite Write { get; } = write;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
