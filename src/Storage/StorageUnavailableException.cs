namespace OrleansFlows.Storage;

/// <summary>The store failed or could not be reached. Nothing was written.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.StorageUnavailableException")]
public sealed class StorageUnavailableException(string message, bool isTransient, Exception? innerException = null)
    : StorageException(message, innerException)
{
    /// <summary>Whether the same operation may succeed if retried later.</summary>
    [Id(0)]
    public bool IsTransient { get; private set; } = isTransient;
}
