namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// A connection to another silo could not be made or was lost. <see cref="MayHaveRun"/> says whether the request
/// could have run there; one that surely didn't may be sent again at once. Refresh the membership view and retry
/// at the grain's owner.
/// </summary>
public sealed class SiloConnectionException(string message, Exception? innerException = null, bool mayHaveRun = false)
    : Exception(message, innerException)
{
    /// <summary>True when the request had been sent before the connection broke; false when it never left this silo.</summary>
    public bool MayHaveRun { get; } = mayHaveRun;
}
