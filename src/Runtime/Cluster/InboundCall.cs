using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>A grain call that arrived from another silo; its <see cref="Reply"/> is the answer to send back.</summary>
internal sealed class InboundCall(GrainCallCodec codec, GrainMethod method, object?[] arguments, CallChain chain) : WorkItem, IForwardable
{
    private readonly TaskCompletionSource<byte[]> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The encoded answer: a result, a fault, or not-owner.</summary>
    public Task<byte[]> Reply => _reply.Task;

    public override bool IsReadOnly => method.IsReadOnly;

    public override bool IsInbound => true;

    public override CallChain Chain { get; } = chain;

    public override async Task ExecuteAsync(GrainActivation activation)
    {
        try
        {
            var result = await method.InvokeForResultAsync(activation.GrainInstance, arguments).ConfigureAwait(false);
            _reply.TrySetResult(ClusterReplies.Result(codec.EncodeResult(method, result)));
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    public override void Fail(Exception exception) => _reply.TrySetResult(ClusterReplies.For(exception));

    // Sent on when this silo hands its grains off during a graceful shutdown.
    public byte[] Encode(GrainCallCodec codec, GrainId target) => codec.EncodeRequest(target, method, arguments, Chain);

    public void CompleteRemotely(GrainCallCodec forwardingCodec, ReadOnlySpan<byte> result) => _reply.TrySetResult(ClusterReplies.Result(result.ToArray()));
}
