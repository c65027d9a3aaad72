using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Reminders;

/// <summary>A reminder tick delivered as a turn of its grain (on this silo, or sent to the grain's owner).</summary>
internal sealed class ReminderTurn(ClaimedReminder claimed, bool inbound = false) : WorkItem, IForwardable
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    /// <summary>True for a tick another silo claimed and sent here.</summary>
    public override bool IsInbound => inbound;

    public override async Task ExecuteAsync(GrainActivation activation)
    {
        try
        {
            if (activation.GrainInstance is not IRemindable remindable)
            {
                throw new InvalidOperationException(
                    $"Grain {activation.Id} has reminder '{claimed.Entry.Name}', but {activation.Registration.GrainClass.Name} does not implement {nameof(IRemindable)}.");
            }

            var entry = claimed.Entry;
            await remindable.ReceiveReminderAsync(entry.Name, new TickStatus(entry.DueAt, entry.Period, claimed.ClaimedAt)).ConfigureAwait(false);
            _completion.TrySetResult();
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public byte[] Encode(GrainCallCodec codec, GrainId target) => codec.EncodeReminder(claimed);

    public void CompleteRemotely(GrainCallCodec codec, ReadOnlySpan<byte> result) => _completion.TrySetResult();
}
