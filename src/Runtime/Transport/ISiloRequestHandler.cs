namespace OrleansFlows.Runtime.Transport;

/// <summary>Answers the requests that reach a silo's transport listener.</summary>
public interface ISiloRequestHandler
{
    /// <summary>Handles one request. An exception travels back to the caller as a <see cref="RemoteCallException"/>.</summary>
    Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
