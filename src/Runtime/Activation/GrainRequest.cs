using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Activation;

/// <summary>A grain method call waiting for its turn. For a method returning <see cref="Task"/>, <typeparamref name="T"/> is <see cref="object"/>.</summary>
internal sealed class GrainRequest<T>(GrainMethod method, object?[] arguments, CallChain chain) : WorkItem, IForwardable
{
    // Continuations run asynchronously so that a caller's code never runs inside the grain's turn.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override bool IsReadOnly => method.IsReadOnly;

    public override CallChain Chain { get; } = chain;

    public override async Task ExecuteAsync(GrainActivation activation)
    {
        try
        {
            var task = method.Invoke(activation.GrainInstance, arguments);
            if (method.ResultType is null)
            {
                await task.ConfigureAwait(false);
                _completion.TrySetResult(default!);
            }
            else
            {
                _completion.TrySetResult(await ((Task<T>)task).ConfigureAwait(false));
            }
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public byte[] Encode(GrainCallCodec codec, GrainId target) => codec.EncodeRequest(target, method, arguments, Chain);

    public void CompleteRemotely(GrainCallCodec codec, ReadOnlySpan<byte> result)
    {
        try
        {
            _completion.TrySetResult((T)codec.DecodeResult(method, result)!);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidCastException)
        {
            _completion.TrySetException(new InvalidDataException($"The answer to {method.DisplayName} from another silo can't be read: {exception.Message}", exception));
        }
    }
}
