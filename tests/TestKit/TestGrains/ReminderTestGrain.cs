using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ReminderTestGrain(IPersistentState<ReminderTestState> state) : Grain, IReminderTestGrain, IRemindable
{
    public Task RegisterPeriodicAsync(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminderAsync(name, dueTime, period);

    public Task RegisterOneShotAsync(string name, DateTimeOffset dueAt) => RegisterOneShotReminderAsync(name, dueAt);

    public Task UnregisterAsync(string name) => UnregisterReminderAsync(name);

    public Task<IReadOnlyList<ReminderEntry>> ListAsync() => GetRemindersAsync();

    public Task<int> GetTicksAsync(string name) => Task.FromResult(state.State.Ticks.GetValueOrDefault(name));

    public Task FailNextTicksAsync(int count)
    {
        state.State.FailNext = count;
        return state.WriteStateAsync();
    }

    public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        if (state.State.FailNext > 0)
        {
            state.State.FailNext--;
            await state.WriteStateAsync();
            throw new InvalidOperationException($"Tick of '{reminderName}' failed on purpose.");
        }

        state.State.Ticks[reminderName] = state.State.Ticks.GetValueOrDefault(reminderName) + 1;
        await state.WriteStateAsync();
    }
}
