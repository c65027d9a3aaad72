namespace OrleansFlows.Storage;

/// <summary>
/// A grain state that carries rows to write with it. Orleans' <c>WriteStateAsync()</c> takes no arguments, so the grain
/// fills <see cref="PendingRows"/> during its turn; the row storage writes them in the same transaction as the state and
/// then clears the list. The list is never serialized with the state.
/// </summary>
public interface IHasRows
{
    /// <summary>The rows of the next write, in order.</summary>
    List<ProjectionWrite> PendingRows { get; }
}
