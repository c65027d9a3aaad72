using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// Makes one lead change state between a bulk retry's match and its retry: just before the bulk retry's call to that
/// lead leaves, the lead is retried on its own through the real grain, as a second operator would.
/// </summary>
internal sealed class RetryRace(Func<IGrainFactory> grains) : IOutgoingGrainCallFilter
{
    /// <summary>The lead to race, by lead id; null races none.</summary>
    public string? LeadId { get; set; }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (LeadId is { } leadId && context.MethodName == nameof(ILeadGrain.RetryFromFailedStepAsync)
            && context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is LeadRetryOrigin
            && context.TargetId.ToString().EndsWith("/" + leadId, StringComparison.Ordinal))
        {
            LeadId = null;
            var key = context.TargetId.Key.ToString()!;
            await grains().GetGrain<ILeadGrain>(key).RetryFromFailedStepAsync();
        }

        await context.Invoke();
    }
}
