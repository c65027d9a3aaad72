namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// A connection to another silo could not be made or was lost; a request in flight may or may not have run there.
/// Refresh the membership view and retry at the grain's owner.
/// </summary>
public sealed class SiloConnectionException(string message, Exception? innerException = null) : Exception(message, innerException)
{
}
