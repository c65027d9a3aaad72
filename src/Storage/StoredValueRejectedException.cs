namespace OrleansFlows.Storage;

/// <summary>
/// The store refused a value it was asked to keep (PostgreSQL's "data exception" class, SQLSTATE 22: a NUL in text, an
/// invalid byte sequence, a number out of range). The caller's data is at fault, not the store: it is not retried and
/// never reported as unavailability.
/// </summary>
[GenerateSerializer]
[Alias("OrleansFlows.StoredValueRejectedException")]
public sealed class StoredValueRejectedException(string message, Exception? innerException = null) : StorageException(message, innerException)
{
}
