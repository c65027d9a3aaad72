namespace OrleansFlows.Grains.Sweepers;

/// <summary>
/// The sweeper of one wake partition (<c>sweeper/{partition}</c>): it wakes the leads of its partition whose wake time
/// has come. One Orleans reminder per sweeper brings it back wherever it lives after its silo dies.
/// </summary>
[Alias("sweeper")]
public interface ISweeperGrain : IGrainWithStringKey
{
    /// <summary>Registers the sweeper's reminder (idempotent) and so activates it.</summary>
    Task StartAsync();

    /// <summary>Does nothing, and so activates the sweeper where it belongs if it is not active (after its silo died).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task PingAsync();
}
