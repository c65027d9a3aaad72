using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>Runs <c>branch</c> steps: the first case whose condition holds is chosen, otherwise <c>else</c> (-1).</summary>
internal sealed class BranchStepRunner(ExpressionEvaluator expressions) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step is BranchStep;

    public async Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var step = (BranchStep)work.Step;
        try
        {
            var chosen = -1;
            for (var i = 0; i < step.Cases.Count && chosen < 0; i++)
            {
                if (await expressions.EvaluateConditionAsync(work.Lead.Tenant, step.Cases[i].When, work.Data, cancellationToken))
                {
                    chosen = i;
                }
            }

            return StepOutcome.Success(step.Id, work.Attempt, new JsonObject { [StepOutputs.ChosenCaseProperty] = chosen }.ToJsonString());
        }
        catch (ExpressionException exception)
        {
            return StepOutcome.Failure(step.Id, work.Attempt, exception.Message, retryable: exception.IsTransient);
        }
    }
}
