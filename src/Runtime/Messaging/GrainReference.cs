using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Scheduling;

namespace OrleansFlows.Runtime.Messaging;

/// <summary>The state behind a grain proxy: the target id and the path calls take.</summary>
internal sealed class GrainReference(GrainId grainId, GrainInterface grainInterface, IGrainCallDispatcher dispatcher, TimeSpan timeout)
{
    public GrainId GrainId { get; } = grainId;

    public GrainInterface Interface { get; } = grainInterface;

    internal Task<T> CallAsync<T>(GrainMethod method, object?[] arguments)
    {
        var caller = CallContext.Chain;
        if (caller is not null && caller.Contains(GrainId))
        {
            return Task.FromException<T>(new CallCycleException(
                $"Call to {GrainId} {method.DisplayName} would wait on itself (call chain: {caller} -> {GrainId} {method.DisplayName}). " +
                "A grain can't call itself or a grain that is waiting on it; break the cycle or do the work outside the turn."));
        }

        var request = new GrainRequest<T>(method, arguments, CallChain.Extend(caller, GrainId, method.DisplayName));
        dispatcher.Dispatch(GrainId, request);
        return request.Task.IsCompleted ? request.Task : AwaitWithTimeout(request, method);
    }

    private async Task<T> AwaitWithTimeout<T>(GrainRequest<T> request, GrainMethod method)
    {
        try
        {
            return await request.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The call may complete between the timeout firing and this check (or the grain itself threw a
            // TimeoutException): then its own outcome is the answer.
            if (request.Task.IsCompleted)
            {
                return await request.Task.ConfigureAwait(false);
            }

            throw new GrainCallTimeoutException(
                $"Call to {GrainId} {method.DisplayName} timed out after {timeout:c} (call chain: {request.Chain}). " +
                "It may still complete; retry only if the operation is idempotent.");
        }
    }
}
