using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class TimerTestGrain(GrainProbe probe) : Grain, ITimerTestGrain
{
    // Transient: timer state lives only as long as the activation.
    private IDisposable? _timer;
    private int _ticks;
    private string? _selfCallOutcome;

    public Task StartAsync(TimeSpan dueTime, TimeSpan period)
    {
        _timer?.Dispose();
        _timer = RegisterTimer(OnTickAsync, dueTime, period);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(probe.MaxRunning(GrainId.ToString()));

    public async Task BusyAsync(TimeSpan duration)
    {
        using (probe.Enter(GrainId.ToString(), "call"))
        {
            await Task.Delay(duration);
        }
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartSelfCallingAsync(TimeSpan dueTime)
    {
        RegisterTimer(OnSelfCallingTickAsync, dueTime, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task<string?> GetSelfCallOutcomeAsync() => Task.FromResult(_selfCallOutcome);

    private async Task OnSelfCallingTickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GrainFactory.GetGrain<ITimerTestGrain>(GrainId.Key).GetTicksAsync();
            _selfCallOutcome = "ok";
        }
        catch (Exception exception)
        {
            _selfCallOutcome = $"{exception.GetType().Name}: {exception.Message}";
        }

        probe.Increment($"{GrainId}/self-call");
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        using (probe.Enter(GrainId.ToString(), "tick"))
        {
            await Task.Delay(20, cancellationToken);
            _ticks++;
            probe.Increment($"{GrainId}/ticks");
        }
    }
}
