using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Operations;

/// <summary>
/// An API in client mode fronts the internet: the dashboard is off unless the setting turns it on. The host is built
/// as the API's Program builds it but not started, since a client-mode host starts only once a silo answers.
/// </summary>
public sealed class OperatorDashboardClientModeTests
{
    [Fact]
    public async Task Dashboard_ClientModeByDefault_IsNotMapped()
    {
        await using var app = BuildClientModeApi(dashboard: null);

        Assert.DoesNotContain(Routes(app), r => r.Pattern.StartsWith("/dashboard", StringComparison.Ordinal));
        Assert.Contains(Routes(app), r => r.Pattern == "/v1/cluster/silos");
    }

    [Fact]
    public async Task Dashboard_ClientModeTurnedOn_IsMappedWithItsServicesAndEveryPathAsksForTheOperatorKey()
    {
        // Mapping fails unless the dashboard's client-side services were added to the cluster client.
        await using var app = BuildClientModeApi(dashboard: "true");

        var dashboard = Routes(app).Where(r => r.Pattern.StartsWith("/dashboard", StringComparison.Ordinal)).ToList();
        Assert.Contains(dashboard, r => r.Pattern.StartsWith("/dashboard/ClusterStats", StringComparison.Ordinal));
        Assert.True(dashboard.Count >= 10, string.Join(", ", dashboard.Select(r => r.Pattern)));
        Assert.All(dashboard, r => Assert.Equal(typeof(OperatorDashboardAuthentication), r.Authentication));
    }

    private static WebApplication BuildClientModeApi(string? dashboard)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansFlows:Mode"] = "Client",
            ["OrleansFlows:Storage:Provider"] = "Postgres",
            ["OrleansFlows:Storage:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d",
            ["OrleansFlows:OperatorKey"] = ApiHost.OperatorKey,
            ["OrleansFlows:Dashboard:Enabled"] = dashboard,
        });
        builder.AddOrleansFlowsApi();
        var app = builder.Build();
        app.MapOrleansFlowsApi();
        return app;
    }

    private static IEnumerable<(string Pattern, Type? Authentication)> Routes(WebApplication app) =>
        ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => ("/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<RequiredAuthentication>()?.Type));
}
