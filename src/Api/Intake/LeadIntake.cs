using System.Globalization;
using System.Text;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Intake;

/// <summary>
/// The one path by which a lead enters, for direct submissions and webhooks alike: workflow exists (404), ingest rate
/// and daily plan (429 with Retry-After), then the lead grain validates the payload (400) and accepts it durably
/// (202). A plan reservation whose lead is not accepted is given back. A stopping host refuses new leads with 503.
/// </summary>
internal sealed class LeadIntake(IGrainFactory grains, IngestRateLimiter rates, IHostApplicationLifetime lifetime)
{
    public async Task<IResult> SubmitAsync(HttpContext http, TenantId tenant, TenantView view, string workflow, byte[] body, string? idempotencyKey, string source)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // A stopping host takes no new lead: the steps in flight are finishing, and another instance (or this one
            // after its restart) takes the lead. Nothing was stored.
            http.Response.Headers.RetryAfter = "5";
            return ApiProblems.Create(503, "unavailable", "The service is stopping.", "This instance is shutting down and takes no new leads; nothing was stored. Retry after the delay in Retry-After.");
        }

        var tenantGrain = grains.GetGrain<ITenantGrain>(tenant.Value);
        if (await tenantGrain.GetWorkflowAsync(workflow) is null)
        {
            return ApiProblems.NotFound($"Workflow '{workflow}' does not exist for tenant '{tenant}'.");
        }

        var limits = view.Limits ?? PlanLimits.Default;
        if (!rates.TryAcquire(tenant, limits.IngestPerMinute, out var rateRetry))
        {
            return TooMany(http, rateRetry, $"The ingest rate limit of {limits.IngestPerMinute} submissions per minute (per API process) is reached.");
        }

        var reservation = await tenantGrain.TryReserveLeadAsync();
        if (!reservation.Allowed)
        {
            return TooMany(http, reservation.RetryAfter, $"The daily plan of {reservation.Limit} leads for business date {reservation.BusinessDate} is used up; it resets at the tenant's local midnight.");
        }

        var leadId = idempotencyKey is null ? LeadIds.New() : LeadIds.FromIdempotencyKey(workflow, idempotencyKey);
        SubmitLeadResult result;
        try
        {
            // Checked here, with the input schema's turn (after the limits), as the design orders the checks.
            RequestBodies.CheckJson(body, RequestBodies.PayloadMaxDepth);
            var submission = new SubmitLead(workflow, Encoding.UTF8.GetString(body), idempotencyKey, LeadIds.HashBody(body), source);
            result = await grains.GetGrain<ILeadGrain>(LeadKey.Create(tenant, leadId).ToString()).SubmitAsync(submission);
        }
        catch
        {
            await tenantGrain.ReleaseLeadAsync(reservation.BusinessDate);
            throw;
        }

        if (!result.Created)
        {
            await tenantGrain.ReleaseLeadAsync(reservation.BusinessDate);
            return TypedResults.Ok(LeadAccepted.From(result.Lead, replayed: true));
        }

        return TypedResults.Accepted($"/v1/leads/{leadId}", LeadAccepted.From(result.Lead, replayed: false));
    }

    private static IResult TooMany(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.TooManyRequests(detail);
    }
}
