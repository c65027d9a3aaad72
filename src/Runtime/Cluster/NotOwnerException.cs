namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// A turn from another silo reached a silo that does not own its grain in its own view, so it was not run here. The
/// sender refreshes its view and sends the turn to the owner. It never leaves the runtime.
/// </summary>
internal sealed class NotOwnerException(string message) : Exception(message)
{
}
