namespace OrleansFlows.Grains.Retention;

/// <summary>What a run deletes now; it goes through them in this order. Values are stored contracts.</summary>
public enum RetentionRunPhase
{
    CompletedLeads = 0,
    FailedLeads = 1,
    Records = 2,

    /// <summary>Nothing is left; the run ends with this batch.</summary>
    Done = 3,
}
