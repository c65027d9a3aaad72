namespace OrleansFlows.Runtime.Transport;

/// <summary>The remote silo ran the request and it failed there; the message is the remote error's.</summary>
public sealed class RemoteCallException(string message) : Exception(message)
{
}
