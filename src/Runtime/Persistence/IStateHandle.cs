namespace OrleansFlows.Runtime.Persistence;

/// <summary>The runtime's view of a grain's persistent state: it is loaded before activation.</summary>
internal interface IStateHandle
{
    Task ReadStateAsync();
}
