using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// Runs the turns other silos send: each is dispatched to this silo's catalog like a local call (so it waits its turn
/// on the grain's activation), and answered with its result, its fault, or "not owner" when the grain belongs elsewhere.
/// </summary>
internal sealed class ClusterRequestHandler(GrainCallCodec codec, Catalog catalog) : ISiloRequestHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        InboundMessage message;
        try
        {
            message = codec.DecodeInbound(request.Span);
        }
        catch (InvalidDataException exception)
        {
            return ClusterReplies.Fault(exception);
        }

        if (message.Reminder is { } claimed)
        {
            var tick = new ReminderTurn(claimed, inbound: true);
            catalog.Dispatch(message.Grain, tick);
            try
            {
                await tick.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                return ClusterReplies.Result([]);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return ClusterReplies.For(exception);
            }
        }

        var method = message.Method!;
        var call = new InboundCall(codec, method, message.Arguments, message.Chain ?? CallChain.Extend(null, message.Grain, method.DisplayName));
        catalog.Dispatch(message.Grain, call);
        return await call.Reply.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
