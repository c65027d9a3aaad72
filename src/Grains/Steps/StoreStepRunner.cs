using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Records;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>Runs <c>store</c> steps: upserts the lead's merged data into <c>lead_records</c> (idempotent, so at-least-once is safe).</summary>
internal sealed class StoreStepRunner(LeadRecords records, TimeProvider timeProvider) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step is StoreStep;

    public async Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        try
        {
            await records.UpsertAsync(work.Lead.Tenant, work.Lead.LeadId, work.Workflow, work.Data.Lead.ToJsonString(), timeProvider.GetUtcNow(), cancellationToken);
            return StepOutcome.Success(work.Step.Id, work.Attempt, outputJson: null);
        }
        catch (Storage.StorageException exception)
        {
            return StepOutcome.Failure(work.Step.Id, work.Attempt, $"Storing the lead record failed: {exception.Message}", retryable: true);
        }
    }
}
