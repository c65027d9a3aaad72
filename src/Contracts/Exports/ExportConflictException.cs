namespace OrleansFlows.Contracts.Exports;

/// <summary>An export was started twice under the same id.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.ExportConflictException")]
public sealed class ExportConflictException(string message) : Exception(message)
{
}
