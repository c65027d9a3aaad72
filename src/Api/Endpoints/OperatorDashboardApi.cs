using Orleans.Dashboard;
using OrleansFlows.Api.Auth;

namespace OrleansFlows.Api.Endpoints;

/// <summary>
/// The Orleans Dashboard at <see cref="Path"/>, for operators only: the dashboard has no authentication of its own, so
/// every path it maps (pages, scripts, its data API) requires the operator key (<see cref="OperatorDashboardAuthentication"/>).
/// It is left out of the OpenAPI document.
/// </summary>
public static class OperatorDashboardApi
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/dashboard";

    public static RouteGroupBuilder MapOperatorDashboard(this IEndpointRouteBuilder routes) =>
        routes.MapOrleansDashboard(Path)
            .RequireAuthentication<OperatorDashboardAuthentication, RouteGroupBuilder>()
            .ExcludeFromDescription();
}
