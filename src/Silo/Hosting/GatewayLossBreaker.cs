namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Fails a client's calls in flight the moment its last gateway connection closes. A request already written to a
/// connection that then closes gets no answer; without this it would wait out the whole response timeout, and the API
/// would answer late instead of answering 503 at once. Orleans itself rejects calls made after the loss.
/// </summary>
internal sealed class GatewayLossBreaker : IClusterConnectionStatusObserver, IOutgoingGrainCallFilter
{
    // Replaced (never disposed, so a reader can't hit a disposed source) each time the connection is lost.
    private CancellationTokenSource _connectionLost = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var connectionLost = Volatile.Read(ref _connectionLost).Token;
        try
        {
            await context.Invoke().WaitAsync(connectionLost);
        }
        catch (OperationCanceledException) when (connectionLost.IsCancellationRequested)
        {
            throw new SiloUnavailableException(
                $"The client lost its connection to every gateway while {context.InterfaceName}.{context.MethodName} was in flight; the call may or may not have run.");
        }
    }

    // Cancelled asynchronously: the failed calls' continuations run on the thread pool, not on Orleans' notifying thread.
    public void NotifyClusterConnectionLost() => _ = Interlocked.Exchange(ref _connectionLost, new CancellationTokenSource()).CancelAsync();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
    }
}
