namespace OrleansFlows.Storage;

/// <summary>The store's schema is missing a table, or is newer than this build understands.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.StorageSchemaException")]
public sealed class StorageSchemaException(string message, Exception? innerException = null) : StorageException(message, innerException)
{
}
