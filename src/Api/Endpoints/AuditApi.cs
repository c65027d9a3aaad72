using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Queries;

namespace OrleansFlows.Api.Endpoints;

/// <summary>The tenant's own audit trail: what happened to the tenant rather than to one lead.</summary>
public static class AuditApi
{
    private static readonly string[] KnownEvents = [TenantAuditEvents.QueueMessageRejected];

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder group)
    {
        group.MapGet("/audit", ListAsync).WithTags("Audit").WithName("ListTenantAudit")
            .WithSummary("Lists the tenant's audit trail, newest first: entries that concern the tenant rather than one lead, such as a queue message rejected without requeue (event queue-message-rejected, with the queue, message id and reason). Filters: event, workflow.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<Ok<PageResponse<TenantAuditEvent>>> ListAsync(string? @event, string? workflow, int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        if (@event is not null && !KnownEvents.Contains(@event, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'event' must be one of: {string.Join(", ", KnownEvents)}; '{@event}' is not.", nameof(@event));
        }

        var queries = grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value);
        var page = await queries.ListTenantAuditAsync(new TenantAuditFilter(@event, workflow), Paging.Limit(limit), cursor);
        return TypedResults.Ok(new PageResponse<TenantAuditEvent>(page.Items, page.NextCursor));
    }
}
