namespace OrleansFlows.Storage;

/// <summary>A stored state record could not be read as its state type.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.CorruptStateException")]
public sealed class CorruptStateException(string message, Exception? innerException = null) : StorageException(message, innerException)
{
}
