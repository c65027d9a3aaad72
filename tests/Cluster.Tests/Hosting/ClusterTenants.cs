using System.Text;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>Sets up tenants, workflows and leads through a cluster client, as the API in client mode does, and waits on leads.</summary>
internal static class ClusterTenants
{
    /// <summary>Creates a tenant with a random id, an http connection <c>enrichment</c> and, if given, a Slack connection <c>sales</c>.</summary>
    public static async Task<TenantId> CreateTenantAsync(this IGrainFactory grains, Uri enrichment, Uri? slackWebhook = null)
    {
        var tenant = TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);
        var grain = grains.GetGrain<ITenantGrain>(tenant.Value);
        await grain.SetProfileAsync(new TenantProfile("Cluster Bakery", "Europe/Berlin"));
        await grain.PutConnectionAsync(new ConnectionSpec("enrichment", ConnectionKind.Http, enrichment.ToString(), new Dictionary<string, string>(), null));
        if (slackWebhook is not null)
        {
            await grain.PutConnectionAsync(new ConnectionSpec("sales", ConnectionKind.Slack, null, null, slackWebhook.ToString()));
        }

        return tenant;
    }

    public static Task PublishAsync(this IGrainFactory grains, TenantId tenant, string workflow, JsonObject definition) =>
        grains.GetGrain<ITenantGrain>(tenant.Value).PublishWorkflowAsync(workflow, definition.ToJsonString());

    public static LeadKey LeadFor(TenantId tenant, string workflow, string key) => LeadKey.Create(tenant, LeadIds.FromIdempotencyKey(workflow, key));

    /// <summary>Submits a lead under an idempotency key, as the API does.</summary>
    public static Task<SubmitLeadResult> SubmitAsync(this IGrainFactory grains, TenantId tenant, string workflow, string body, string key) =>
        grains.GetGrain<ILeadGrain>(LeadFor(tenant, workflow, key).ToString())
            .SubmitAsync(new SubmitLead(workflow, body, key, LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api"));

    /// <summary>Waits for a lead to reach a status, re-reading it on a short cadence; a failed read (a silo going away) is read again.</summary>
    public static async Task<LeadView> WaitForStatusAsync(this IGrainFactory grains, LeadKey lead, LeadStatus status, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        LeadView? last = null;
        Exception? failure = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                last = await grains.GetGrain<ILeadGrain>(lead.ToString()).GetAsync().WaitAsync(TimeSpan.FromSeconds(5));
                failure = null;
                if (last?.Status == status)
                {
                    return last;
                }

                if (last?.Status is LeadStatus.Failed or LeadStatus.Cancelled)
                {
                    break;
                }
            }
            catch (Exception exception) when (exception is not (LeadValidationException or LeadConflictException))
            {
                failure = exception;
            }

            await Task.Delay(50);
        }

        var steps = last is null ? "none" : string.Join(", ", last.Steps.Select(s => $"{s.StepId}={s.Status}#{s.Attempts}{(s.LastError is null ? "" : $"({s.LastError})")}"));
        throw new TimeoutException(
            $"Lead {lead} did not reach '{status}' (waited up to {timeout}): it is '{last?.Status}' ({last?.FailureReason}); steps: {steps}"
            + (failure is null ? "." : $"; the last read failed: {failure.GetType().Name}: {failure.Message}"));
    }
}
