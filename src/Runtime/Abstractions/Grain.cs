using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.Runtime.Timers;

namespace OrleansFlows.Runtime.Abstractions;

/// <summary>
/// The base class of grain implementations. The runtime creates one instance per activation and runs its methods
/// one turn at a time, so a grain needs no locks for its own fields.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    /// <summary>This grain's id.</summary>
    protected GrainId GrainId => Activation.Id;

    /// <summary>A factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    private GrainActivation Activation => _activation ?? throw new InvalidOperationException("The grain is not attached to an activation yet; don't use runtime members in its constructor.");

    /// <summary>Runs after the state is loaded and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the activation's last turn. Write anything you must keep in your own turns, not here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers an in-memory timer whose ticks run as turns of this grain. It ends with the activation and does not
    /// keep it alive. The next tick is scheduled after the previous one's turn ends.
    /// </summary>
    /// <param name="callback">The tick.</param>
    /// <param name="dueTime">Delay before the first tick.</param>
    /// <param name="period">Delay between ticks, or <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.</param>
    /// <returns>A handle that stops the timer when disposed.</returns>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        GrainTimer.Start(Activation, callback, dueTime, period);

    /// <summary>Registers or replaces a durable periodic reminder; its first tick is due <paramref name="dueTime"/> from now by the store's clock.</summary>
    protected Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period) =>
        ApplyReminderAsync(ReminderChange.Periodic(name, dueTime, period));

    /// <summary>Registers or replaces a durable one-shot reminder, due at <paramref name="dueAt"/>.</summary>
    protected Task RegisterOneShotReminderAsync(string name, DateTimeOffset dueAt) =>
        ApplyReminderAsync(ReminderChange.OneShot(name, dueAt));

    /// <summary>Removes a durable reminder, if it exists.</summary>
    protected Task UnregisterReminderAsync(string name) => ApplyReminderAsync(ReminderChange.Remove(name));

    /// <summary>Lists this grain's durable reminders.</summary>
    protected Task<IReadOnlyList<ReminderEntry>> GetRemindersAsync() =>
        Activation.Runtime.ReminderTable.ReadAsync(GrainId, CancellationToken.None);

    /// <summary>Deactivates this activation after the current turn; the next call creates a new one.</summary>
    protected void DeactivateOnIdle() => _ = Activation.StartDeactivation(DeactivationReason.Requested);

    internal void Attach(GrainActivation activation) => _activation = activation;

    private Task ApplyReminderAsync(ReminderChange change)
    {
        ReminderPeriods.Validate(GrainId, change, Activation.Runtime.ReminderOptions);
        return Activation.Runtime.ReminderTable.ApplyAsync(GrainId, change, CancellationToken.None);
    }
}
