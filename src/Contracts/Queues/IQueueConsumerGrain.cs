using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Queues;

/// <summary>
/// The consumer of one workflow's queue trigger, keyed <c>{tenant}/{workflow}</c> (<see cref="QueueConsumerKey"/>).
/// It stays active, on one silo of the cluster, while the workflow's latest version declares a trigger.
/// </summary>
public interface IQueueConsumerGrain : IGrainWithStringKey
{
    /// <summary>Reads the workflow's latest version and starts, replaces or stops the consumer to match its trigger.</summary>
    /// <remarks>One-way: the tenant sends it while publishing, and the consumer asks the tenant for the latest version.</remarks>
    [OneWay]
    Task RefreshAsync();

    /// <summary>The consumer's state, counters and the latest rejections.</summary>
    Task<QueueTriggerStatus> GetStatusAsync();

    /// <summary>Records why a message was rejected, before it is rejected; the consumer calls it, not clients.</summary>
    [AlwaysInterleave]
    Task RecordRejectionAsync(QueueRejection rejection);
}
