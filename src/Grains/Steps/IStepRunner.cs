using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>Runs one kind of step outside grain turns and reports what happened; it never throws for a step's own failure.</summary>
public interface IStepRunner
{
    bool CanRun(StepDefinition step);

    Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken);
}
