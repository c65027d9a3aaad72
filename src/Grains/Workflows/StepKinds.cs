namespace OrleansFlows.Grains.Workflows;

/// <summary>The values of a step's <c>kind</c> discriminator. They are stored contracts: never rename one.</summary>
public static class StepKinds
{
    /// <summary>Calls an http connection (<see cref="HttpStep"/>).</summary>
    public const string Http = "http";

    /// <summary>Computes fields with expressions (<see cref="TransformStep"/>).</summary>
    public const string Transform = "transform";

    /// <summary>Runs the first case whose condition holds (<see cref="BranchStep"/>).</summary>
    public const string Branch = "branch";

    /// <summary>Runs branches concurrently (<see cref="ParallelStep"/>).</summary>
    public const string Parallel = "parallel";

    /// <summary>Upserts the lead record (<see cref="StoreStep"/>).</summary>
    public const string Store = "store";

    /// <summary>Posts a text to a slack connection (<see cref="NotifyStep"/>).</summary>
    public const string Notify = "notify";

    /// <summary>Waits durably (<see cref="WaitStep"/>).</summary>
    public const string Wait = "wait";

    /// <summary>Hands the record to the nightly batch (<see cref="BatchStep"/>).</summary>
    public const string Batch = "batch";

    /// <summary>Publishes a message to a rabbitmq connection's exchange (<see cref="PublishStep"/>).</summary>
    public const string Publish = "publish";

    /// <summary>Every kind, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [Http, Transform, Branch, Parallel, Store, Notify, Wait, Batch, Publish];
}
