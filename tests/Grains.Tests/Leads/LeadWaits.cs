using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>Waits for a lead to reach a status, re-reading it on a short cadence, and fails with what it saw.</summary>
internal static class LeadWaits
{
    public static async Task<LeadView> WaitForStatusAsync(this IGrainFactory grains, string leadKey, LeadStatus status, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTimeOffset.UtcNow + limit;
        LeadView? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await grains.GetGrain<ILeadGrain>(leadKey).GetAsync();
            if (last?.Status == status)
            {
                return last;
            }

            await Task.Delay(25);
        }

        var steps = last is null ? "none" : string.Join(", ", last.Steps.Select(s => $"{s.StepId}={s.Status}#{s.Attempts}{(s.LastError is null ? "" : $"({s.LastError})")}"));
        throw new TimeoutException($"Lead {leadKey} did not reach '{status}' within {limit}: it is '{last?.Status}' ({last?.FailureReason}); steps: {steps}.");
    }

    public static async Task<LeadView> WaitForStepAsync(this IGrainFactory grains, string leadKey, string stepId, StepStatus status, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        LeadView? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await grains.GetGrain<ILeadGrain>(leadKey).GetAsync();
            if (last?.Steps.FirstOrDefault(s => s.StepId == stepId)?.Status == status)
            {
                return last;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Step {stepId} of lead {leadKey} did not reach '{status}' within {timeout}: it is '{last?.Steps.FirstOrDefault(s => s.StepId == stepId)?.Status}'.");
    }
}
