using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Intake;
using OrleansFlows.Api.Queues;

namespace OrleansFlows.Api.Endpoints;

/// <summary>The tenant-facing group: every route takes a tenant API key, and the tenant comes from the key.</summary>
public static class TenantApi
{
    public static RouteGroupBuilder MapTenantApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1")
            .RequireAuthentication<TenantAuthentication, RouteGroupBuilder>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter<StorableTextFilter>();
        group.MapWorkflowsApi();
        group.MapConnectionsApi();
        group.MapLeadsApi();
        group.MapReconciliationApi();
        group.MapRetentionApi();
        group.MapUsageApi();
        group.MapWorkflowStatsApi();
        group.MapBulkRetryApi();
        group.MapApiKeysApi();
        group.MapWebhookSecretsApi();
        group.MapExportsApi();
        group.MapErasuresApi();
        group.MapQueueTriggerApi();
        group.MapAuditApi();
        return group;
    }
}
