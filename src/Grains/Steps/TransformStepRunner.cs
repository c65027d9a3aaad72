using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>Runs <c>transform</c> steps: evaluates each field's expression; the object of results is the output.</summary>
internal sealed class TransformStepRunner(ExpressionEvaluator expressions) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step is TransformStep;

    public async Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var step = (TransformStep)work.Step;
        var output = new JsonObject();
        try
        {
            foreach (var (field, expression) in step.Set)
            {
                output[field] = await expressions.EvaluateAsync(work.Lead.Tenant, expression, work.Data, cancellationToken);
            }
        }
        catch (ExpressionException exception)
        {
            return StepOutcome.Failure(step.Id, work.Attempt, exception.Message, retryable: exception.IsTransient);
        }

        return StepOutcome.Success(step.Id, work.Attempt, output.ToJsonString());
    }
}
