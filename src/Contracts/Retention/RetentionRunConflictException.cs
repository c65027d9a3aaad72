namespace OrleansFlows.Contracts.Retention;

/// <summary>A retention run can't start: the tenant's previous run is still going. The message names it.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.RetentionRunConflictException")]
public sealed class RetentionRunConflictException(string message) : Exception(message)
{
}
