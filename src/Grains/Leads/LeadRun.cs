using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Pure run logic: walks a workflow's steps against a lead's progress, finishes branch and parallel steps whose inner
/// steps are all done, and lists the leaf steps that may start now. Steps in a list run in order; a branch runs its
/// chosen case; a parallel step runs all its branches at once and finishes when every branch has.
/// </summary>
internal static class LeadRun
{
    public static RunProgress Advance(WorkflowDefinition definition, LeadState state, DateTimeOffset now)
    {
        var ready = new List<StepDefinition>();
        var outcome = Block(definition.Steps, state, now, ready);
        return new RunProgress(outcome, ready);
    }

    /// <summary>Whether a step's progress is that of a step holding others: a parallel step, or a branch that chose its case.</summary>
    public static bool IsComposite(StepRunState progress) =>
        progress.Kind == StepKinds.Parallel || (progress.Kind == StepKinds.Branch && progress.ChosenCase is not null);

    /// <summary>
    /// Ends every branch and parallel step still running as failed, when the lead fails: nothing inside them will run
    /// until a retry, and a step view must not show them running. Leaf steps are left as they are (a sibling call in
    /// flight still reports its outcome).
    /// </summary>
    public static void FailOpenComposites(LeadState state, DateTimeOffset now)
    {
        foreach (var progress in state.Steps.Values.Where(p => IsComposite(p) && p.Status == StepStatus.Running))
        {
            progress.Status = StepStatus.Failed;
            progress.FinishedAt = now;
            progress.DueAt = null;
        }
    }

    /// <summary>Opens again the branch and parallel steps a failure ended, when the lead is retried; <see cref="Advance"/> then finishes those whose inner steps are done.</summary>
    public static void ReopenFailedComposites(LeadState state)
    {
        foreach (var progress in state.Steps.Values.Where(p => IsComposite(p) && p.Status == StepStatus.Failed))
        {
            progress.Status = StepStatus.Running;
            progress.FinishedAt = null;
        }
    }

    /// <summary>The kind name of a step, as stored and shown.</summary>
    public static string KindOf(StepDefinition step) => step switch
    {
        HttpStep => StepKinds.Http,
        TransformStep => StepKinds.Transform,
        BranchStep => StepKinds.Branch,
        ParallelStep => StepKinds.Parallel,
        StoreStep => StepKinds.Store,
        NotifyStep => StepKinds.Notify,
        WaitStep => StepKinds.Wait,
        BatchStep => StepKinds.Batch,
        PublishStep => StepKinds.Publish,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "Unknown step kind."),
    };

    private static BlockOutcome Block(IReadOnlyList<StepDefinition> steps, LeadState state, DateTimeOffset now, List<StepDefinition> ready)
    {
        foreach (var step in steps)
        {
            if (!state.Steps.TryGetValue(step.Id, out var progress))
            {
                if (step is not ParallelStep)
                {
                    ready.Add(step);
                    return BlockOutcome.InProgress;
                }

                progress = new StepRunState { Kind = StepKinds.Parallel, Status = StepStatus.Running, StartedAt = now };
                state.Steps[step.Id] = progress;
            }

            switch (progress.Status)
            {
                case StepStatus.Completed:
                    continue;
                case StepStatus.Failed:
                    return BlockOutcome.Failed;
                case StepStatus.Running when step is ParallelStep parallel:
                    var outcome = Combine(parallel.Branches.Select(branch => Block(branch, state, now, ready)).ToList());
                    if (outcome != BlockOutcome.Completed)
                    {
                        return outcome;
                    }

                    Complete(progress, now);
                    continue;
                case StepStatus.Running when step is BranchStep branch && progress.ChosenCase is { } chosen:
                    var inner = Block(chosen >= 0 ? branch.Cases[chosen].Steps : branch.Else, state, now, ready);
                    if (inner != BlockOutcome.Completed)
                    {
                        return inner;
                    }

                    Complete(progress, now);
                    continue;
                default:
                    return BlockOutcome.InProgress;
            }
        }

        return BlockOutcome.Completed;
    }

    private static BlockOutcome Combine(IReadOnlyList<BlockOutcome> branches) =>
        branches.Contains(BlockOutcome.Failed) ? BlockOutcome.Failed
        : branches.All(b => b == BlockOutcome.Completed) ? BlockOutcome.Completed
        : BlockOutcome.InProgress;

    private static void Complete(StepRunState progress, DateTimeOffset now)
    {
        progress.Status = StepStatus.Completed;
        progress.FinishedAt = now;
        progress.DueAt = null;
    }
}

/// <summary>Where a list of steps stands.</summary>
internal enum BlockOutcome
{
    Completed,
    InProgress,
    Failed,
}

/// <summary>The result of <see cref="LeadRun.Advance"/>: the run's state, and the leaf steps to start now.</summary>
internal sealed record RunProgress(BlockOutcome Outcome, IReadOnlyList<StepDefinition> Ready);
