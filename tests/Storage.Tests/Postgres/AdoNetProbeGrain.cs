namespace OrleansFlows.Storage.Tests.Postgres;

/// <summary>A grain that exercises Orleans' ADO.NET grain storage and reminders.</summary>
public interface IAdoNetProbeGrain : IGrainWithStringKey
{
    /// <summary>Identifies the activation, so that a test can tell a new one from the old.</summary>
    Task<Guid> GetActivationId();

    Task<int> GetValue();

    Task SetValue(int value);

    Task ClearValue();

    /// <summary>Reads the second state, kept by a provider that deletes the row on clear.</summary>
    Task<int> GetDeletableValue();

    Task SetDeletableValue(int value);

    Task ClearDeletableValue();

    Task Deactivate();

    Task StartReminder(TimeSpan period);

    Task StopReminder();

    Task<int> GetReminderTicks();
}

[GenerateSerializer]
public sealed class AdoNetProbeState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class AdoNetProbeGrain(
    [PersistentState(AdoNetProbeGrain.StateName, AdoNetProbeGrain.StorageName)] IPersistentState<AdoNetProbeState> state,
    [PersistentState(AdoNetProbeGrain.DeletableStateName, AdoNetProbeGrain.DeletingStorageName)] IPersistentState<AdoNetProbeState> deletable)
    : Grain, IAdoNetProbeGrain, IRemindable
{
    public const string StorageName = "Default";
    public const string DeletingStorageName = "DeleteOnClear";
    public const string StateName = "s";
    public const string DeletableStateName = "d";
    public const string ReminderName = "tick";

    private readonly Guid _activationId = Guid.NewGuid();
    private int _reminderTicks;

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task<int> GetValue() => Task.FromResult(state.State.Value);

    public Task SetValue(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task ClearValue() => state.ClearStateAsync();

    public Task<int> GetDeletableValue() => Task.FromResult(deletable.State.Value);

    public Task SetDeletableValue(int value)
    {
        deletable.State.Value = value;
        return deletable.WriteStateAsync();
    }

    public Task ClearDeletableValue() => deletable.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartReminder(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task StopReminder()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> GetReminderTicks() => Task.FromResult(_reminderTicks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderTicks++;
        return Task.CompletedTask;
    }
}
