using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Activation;

namespace OrleansFlows.Runtime.Timers;

/// <summary>An in-memory grain timer; each tick is a turn of its activation.</summary>
internal sealed partial class GrainTimer : IDisposable
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;

    private GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, dueTime, Timeout.InfiniteTimeSpan);
    }

    public static GrainTimer Start(GrainActivation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must be zero or more.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timer's period must be positive, or infinite for a single tick.");
        }

        var timer = new GrainTimer(activation, callback, dueTime, period);
        activation.AddTimer(timer);
        return timer;
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void OnDue()
    {
        if (!_disposed.IsCancellationRequested && !_activation.TryEnqueue(new Tick(this)))
        {
            Dispose();
        }
    }

    private async Task RunTickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await _callback(_disposed.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogTimerFailed(_activation.Runtime.Logger, _activation.Id, exception);
        }
        finally
        {
            if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "A timer tick of {GrainId} failed; the timer keeps running")]
    private static partial void LogTimerFailed(ILogger logger, Identity.GrainId grainId, Exception exception);

    private sealed class Tick(GrainTimer timer) : WorkItem
    {
        public override bool KeepsAlive => false;

        public override string Description => "timer tick";

        public override Task ExecuteAsync(GrainActivation activation) => timer.RunTickAsync();

        public override void Fail(Exception exception)
        {
        }
    }
}
