namespace OrleansFlows.Runtime.Activation;

/// <summary>The silo is not serving: it is starting, shutting down, or has stopped. Retry against a serving silo.</summary>
public sealed class SiloUnavailableException(string message) : Exception(message)
{
}
