namespace OrleansFlows.Runtime.Persistence;

/// <summary>A stored state record could not be read as its state type.</summary>
public sealed class CorruptStateException(string message, Exception? innerException = null) : StorageException(message, innerException)
{
}
