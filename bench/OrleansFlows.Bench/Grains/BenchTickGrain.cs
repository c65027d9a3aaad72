using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Bench.Grains;

public sealed class BenchTickGrain(TickRecorder recorder) : Grain, IBenchTickGrain, IRemindable
{
    public Task PingAsync() => Task.CompletedTask;

    public Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        recorder.Record();
        return Task.CompletedTask;
    }
}
