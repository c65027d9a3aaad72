using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Intake;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.OpenApi;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for leads, stored records and usage.</summary>
public static class LeadsApi
{
    /// <summary>The header that makes a direct submission idempotent.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapLeadsApi(this RouteGroupBuilder group)
    {
        group.MapPost("/workflows/{name}/leads", SubmitAsync).WithTags("Leads").WithName("SubmitLead").WithMetadata(TenantCheckedOnAdmission.Instance)
            .WithSummary("Submits a lead; 202 once durably accepted, 200 for a repeat of the same Idempotency-Key and body.")
            .WithRequestHeader(IdempotencyKeyHeader, "Makes the submission idempotent per workflow (up to 256 characters): the same key with the same body answers 200 with the same lead and `replayed: true`; with another body, 409. Without it, each submission is a new lead.")
            .WithJsonBody("The lead's data: a JSON object, checked against the workflow's input schema (400 names each field that fails).")
            .Produces<LeadAccepted>(StatusCodes.Status202Accepted).Produces<LeadAccepted>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/leads", ListAsync).WithTags("Leads").WithName("ListLeads")
            .WithSummary("Lists leads, newest first, optionally by status (accepted, running, waiting, completed, failed, cancelled), workflow, and q: a lead id, or an email (with '@') matched case-insensitively against the input's top-level email.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/leads/{leadId}", GetAsync).WithTags("Leads").WithName("GetLead")
            .WithSummary("Reads a lead with its status, steps, every step attempt, and the first page of its audit trail.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/leads/{leadId}/audit", GetAuditAsync).WithTags("Leads").WithName("GetLeadAudit")
            .WithSummary("Pages through a lead's audit trail, oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/leads/{leadId}/retry", (string leadId, HttpContext http, IGrainFactory grains) => ChangeAsync(leadId, http, grains, g => g.RetryFromFailedStepAsync()))
            .WithTags("Leads").WithName("RetryLead").WithSummary("Runs a failed lead again from its failed step.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/leads/{leadId}/cancel", (string leadId, HttpContext http, IGrainFactory grains) => ChangeAsync(leadId, http, grains, g => g.CancelAsync()))
            .WithTags("Leads").WithName("CancelLead").WithSummary("Cancels an accepted, running or waiting lead.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/records", ListRecordsAsync).WithTags("Records").WithName("ListLeadRecords").WithSummary("Lists the lead records stored by 'store' steps, least recently stored first.")
            .WithDescription("One record per lead. A record written again (its lead retried, or resumed after a silo's death) moves to the end with its new storedAt, so a client paging while it changes reads it twice: keep the later copy per leadId.");
        group.MapGet("/usage/today", GetUsageAsync).WithTags("Usage").WithName("GetUsageToday").WithSummary("Leads accepted today (in the tenant's time zone) against the daily plan.");
        return group;
    }

    private static async Task<IResult> SubmitAsync(string name, HttpContext http, LeadIntake intake, IOptions<ApiOptions> options)
    {
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 256)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["The Idempotency-Key header is longer than 256 characters."] });
        }

        var body = await RequestBodies.ReadJsonAsync(http.Request, options.Value.MaxBodyBytes);
        // The key's tenant came from the key index; the tenant itself checks in the admission that the key is still
        // active and the tenant not suspended, so a revocation or a suspension takes effect on the next lead.
        var tenant = AuthenticatedTenant.Of(http);
        var admission = LeadAdmissionRequest.Direct(name, AuthenticatedTenant.KeyIdOf(http));
        return await intake.SubmitAsync(http, tenant, admission, body, key.Length == 0 ? null : key, source: "api", notAuthenticated: () => ApiProblems.Unauthorized(TenantAuthentication.InvalidKey));
    }

    private static async Task<Ok<PageResponse<LeadSummary>>> ListAsync(
        string? status, string? workflow, string? q, int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        LeadStatus? filter = status is null
            ? null
            : Enum.TryParse<LeadStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)
                ? parsed
                : throw new ArgumentException($"'status' must be one of accepted, running, waiting, completed, failed, cancelled; it is '{status}'.", nameof(status));
        // An empty filter (a console's empty search box) filters nothing.
        var search = new LeadFilter(filter, string.IsNullOrWhiteSpace(workflow) ? null : workflow.Trim(), string.IsNullOrWhiteSpace(q) ? null : q.Trim());
        var page = await Queries(http, grains).SearchLeadsAsync(search, Paging.Limit(limit), cursor);
        return TypedResults.Ok(new PageResponse<LeadSummary>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<LeadResponse>, ProblemHttpResult>> GetAsync(string leadId, HttpContext http, IGrainFactory grains)
    {
        var key = LeadKey.IsValidLeadId(leadId) ? LeadKey.Create(AuthenticatedTenant.Of(http), leadId) : (LeadKey?)null;
        var lead = key is { } k ? await grains.GetGrain<ILeadGrain>(k.ToString()).GetAsync() : null;
        if (lead is null)
        {
            return ApiProblems.NotFound($"Lead '{leadId}' does not exist.");
        }

        return TypedResults.Ok(await ResponseAsync(lead, http, grains));
    }

    private static async Task<Results<Ok<PageResponse<AuditEventRecord>>, ProblemHttpResult>> GetAuditAsync(
        string leadId, int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        var key = LeadKey.IsValidLeadId(leadId) ? LeadKey.Create(AuthenticatedTenant.Of(http), leadId) : (LeadKey?)null;
        if (key is null || await grains.GetGrain<ILeadGrain>(key.Value.ToString()).GetAsync() is null)
        {
            return ApiProblems.NotFound($"Lead '{leadId}' does not exist.");
        }

        var page = await Queries(http, grains).GetAuditAsync(leadId, Paging.Limit(limit), cursor);
        return TypedResults.Ok(new PageResponse<AuditEventRecord>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<LeadResponse>, ProblemHttpResult>> ChangeAsync(string leadId, HttpContext http, IGrainFactory grains, Func<ILeadGrain, Task<LeadView>> change)
    {
        var key = LeadKey.IsValidLeadId(leadId) ? LeadKey.Create(AuthenticatedTenant.Of(http), leadId) : (LeadKey?)null;
        var grain = key is { } k ? grains.GetGrain<ILeadGrain>(k.ToString()) : null;
        if (grain is null || await grain.GetAsync() is null)
        {
            return ApiProblems.NotFound($"Lead '{leadId}' does not exist.");
        }

        return TypedResults.Ok(await ResponseAsync(await change(grain), http, grains));
    }

    /// <summary>A lead with its attempts and the first page of its audit trail.</summary>
    private static async Task<LeadResponse> ResponseAsync(LeadView lead, HttpContext http, IGrainFactory grains)
    {
        var queries = Queries(http, grains);
        var attempts = queries.GetAttemptsAsync(lead.LeadId);
        var audit = queries.GetAuditAsync(lead.LeadId, Paging.MaxLimit, null);
        await Task.WhenAll(attempts, audit);
        return LeadResponse.From(lead, await attempts, (await audit).Items, (await audit).NextCursor);
    }

    private static async Task<Ok<PageResponse<LeadRecordResponse>>> ListRecordsAsync(int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        var page = await Queries(http, grains).ListRecordsAsync(Paging.Limit(limit), cursor);
        return TypedResults.Ok(new PageResponse<LeadRecordResponse>(page.Items.Select(LeadRecordResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Ok<UsageResponse>> GetUsageAsync(HttpContext http, IGrainFactory grains)
    {
        var usage = await Queries(http, grains).GetUsageTodayAsync();
        return TypedResults.Ok(new UsageResponse(usage.BusinessDate, usage.LeadsAccepted, usage.LeadsPerDay));
    }

    private static ITenantQueryGrain Queries(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value);
}

/// <summary>A stored lead record.</summary>
public sealed record LeadRecordResponse(string LeadId, string Workflow, System.Text.Json.Nodes.JsonNode? Data, DateTimeOffset StoredAt)
{
    public static LeadRecordResponse From(LeadRecord record) => new(record.LeadId, record.Workflow, System.Text.Json.Nodes.JsonNode.Parse(record.DataJson), record.StoredAt);
}
