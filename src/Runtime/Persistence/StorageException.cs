namespace OrleansFlows.Runtime.Persistence;

/// <summary>
/// The base of the runtime's storage errors.
/// <list type="bullet">
/// <item><see cref="InconsistentStateException"/>: a write based on stale state; reload and decide again.</item>
/// <item><see cref="CorruptStateException"/>: a stored record that can't be read as its state type.</item>
/// <item><see cref="StorageUnavailableException"/>: the store failed or can't be reached; <see cref="StorageUnavailableException.IsTransient"/> says whether retrying may help.</item>
/// <item><see cref="StorageSchemaException"/>: the store's schema is missing or newer than this build.</item>
/// </list>
/// Misuse throws <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/> instead.
/// </summary>
public abstract class StorageException : Exception
{
    protected StorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
