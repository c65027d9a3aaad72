namespace OrleansFlows.Runtime.Persistence;

/// <summary>A write was based on a version older than the stored one; the stored state was not changed.</summary>
public sealed class InconsistentStateException(string message) : StorageException(message)
{
}
