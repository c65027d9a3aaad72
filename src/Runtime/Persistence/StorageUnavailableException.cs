namespace OrleansFlows.Runtime.Persistence;

/// <summary>The store failed or could not be reached. Nothing was written.</summary>
public sealed class StorageUnavailableException(string message, bool isTransient, Exception? innerException = null)
    : StorageException(message, innerException)
{
    /// <summary>Whether the same operation may succeed if retried later.</summary>
    public bool IsTransient { get; } = isTransient;
}
