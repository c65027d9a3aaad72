namespace OrleansFlows.Storage;

/// <summary>
/// The base of the product's storage errors. It derives from <see cref="OrleansException"/>, so Orleans' state bridge
/// passes it to the grain as it is instead of wrapping it, and callers see the product's own type.
/// <list type="bullet">
/// <item><see cref="Orleans.Storage.InconsistentStateException"/> (Orleans' own): a write based on stale state; reload and decide again.</item>
/// <item><see cref="CorruptStateException"/>: a stored record that can't be read as its state type.</item>
/// <item><see cref="StorageUnavailableException"/>: the store failed or can't be reached; <see cref="StorageUnavailableException.IsTransient"/> says whether retrying may help.</item>
/// <item><see cref="StorageSchemaException"/>: the store's schema is missing or newer than this build.</item>
/// </list>
/// Misuse throws <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/> instead.
/// </summary>
[GenerateSerializer]
[Alias("OrleansFlows.StorageException")]
public abstract class StorageException : OrleansException
{
    protected StorageException(string message, Exception? innerException = null)
        : base(message, innerException!)
    {
    }
}
