using System.Globalization;
using System.Text;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Webhooks;

namespace OrleansFlows.Api.Intake;

/// <summary>
/// The one path by which a lead enters, for direct submissions and webhooks alike, in two grain calls: the tenant
/// admits it (credential, suspension, workflow 404, timestamp window, ingest rate and daily plan 429 with
/// Retry-After, all in the designed order, in one call), then the lead grain validates the payload (400) and accepts
/// it durably (202). A plan reservation whose lead is not accepted is given back. A stopping host refuses new leads
/// with 503.
/// </summary>
internal sealed class LeadIntake(IGrainFactory grains, IHostApplicationLifetime lifetime)
{
    /// <summary>Admits and accepts a lead; <paramref name="notAuthenticated"/> answers a credential the tenant refuses.</summary>
    public async Task<IResult> SubmitAsync(HttpContext http, TenantId tenant, LeadAdmissionRequest admission, byte[] body, string? idempotencyKey, string source, Func<IResult> notAuthenticated)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // A stopping host takes no new lead: the steps in flight are finishing, and another instance (or this one
            // after its restart) takes the lead. Nothing was stored.
            http.Response.Headers.RetryAfter = "5";
            return ApiProblems.Create(503, "unavailable", "The service is stopping.", "This instance is shutting down and takes no new leads; nothing was stored. Retry after the delay in Retry-After.");
        }

        var workflow = admission.Workflow;
        var tenantGrain = grains.GetGrain<ITenantGrain>(tenant.Value);
        var admitted = await tenantGrain.AdmitLeadAsync(admission);
        switch (admitted.Verdict)
        {
            case LeadAdmissionVerdict.Admitted:
                break;
            case LeadAdmissionVerdict.NotAuthenticated:
                return notAuthenticated();
            case LeadAdmissionVerdict.UnknownWorkflow:
                return ApiProblems.NotFound($"Workflow '{workflow}' does not exist for tenant '{tenant}'.");
            case LeadAdmissionVerdict.StaleTimestamp:
                return ApiProblems.Unauthorized(StaleTimestamp);
            case LeadAdmissionVerdict.Suspended:
                return ApiProblems.Suspended(tenant);
            case LeadAdmissionVerdict.IngestRateReached:
                return TooMany(http, admitted.RetryAfter, $"The ingest rate limit of {admitted.Limit} submissions per minute is reached.");
            case LeadAdmissionVerdict.PlanUsedUp:
                return TooMany(http, admitted.RetryAfter, $"The daily plan of {admitted.Limit} leads for business date {admitted.BusinessDate} is used up; it resets at the tenant's local midnight.");
            default:
                throw new InvalidOperationException($"Unknown admission verdict {admitted.Verdict}.");
        }

        var businessDate = admitted.BusinessDate!;
        var leadId = idempotencyKey is null ? LeadIds.New() : LeadIds.FromIdempotencyKey(workflow, idempotencyKey);
        SubmitLeadResult result;
        try
        {
            // Checked here, with the input schema's turn (after the limits), as the design orders the checks.
            RequestBodies.CheckJson(body, RequestBodies.PayloadMaxDepth);
            var submission = new SubmitLead(workflow, Encoding.UTF8.GetString(body), idempotencyKey, LeadIds.HashBody(body), source, admitted.WorkflowVersion, admitted.TimeZone);
            result = await grains.GetGrain<ILeadGrain>(LeadKey.Create(tenant, leadId).ToString()).SubmitAsync(submission);
        }
        catch
        {
            await tenantGrain.ReleaseLeadAsync(businessDate);
            throw;
        }

        if (!result.Created)
        {
            await tenantGrain.ReleaseLeadAsync(businessDate);
            return TypedResults.Ok(LeadAccepted.From(result.Lead, replayed: true));
        }

        return TypedResults.Accepted($"/v1/leads/{leadId}", LeadAccepted.From(result.Lead, replayed: false));
    }

    /// <summary>The detail of a webhook whose timestamp is outside the window.</summary>
    public static string StaleTimestamp =>
        $"'{StandardWebhookSignature.TimestampHeader}' is more than {StandardWebhookSignature.Tolerance.TotalMinutes:0} minutes from the server's clock; resend with a fresh timestamp and signature.";

    private static IResult TooMany(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.TooManyRequests(detail);
    }
}
