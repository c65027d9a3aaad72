using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Api.Tests.Retention;

/// <summary>
/// Lets the first <paramref name="passing"/> lead deletions of retention through, then holds every further one until
/// <see cref="Open"/>: a retention run stays in progress, part way, for as long as a test needs.
/// </summary>
internal sealed class LeadDeletionGate(int passing) : IIncomingGrainCallFilter
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Completes once a deletion is held.</summary>
    public Task Holding => _holding.Task;

    public void Open() => _open.TrySetResult();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(ILeadGrain)
            && context.MethodName == nameof(ILeadGrain.DeleteIfFinishedBeforeAsync)
            && Interlocked.Increment(ref _calls) > passing)
        {
            _holding.TrySetResult();
            await _open.Task;
        }

        await context.Invoke();
    }
}
