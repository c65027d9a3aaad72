using Microsoft.AspNetCore.Http.Json;
using OrleansFlows.Api.Endpoints;
using OrleansFlows.Api.Problems;
using OrleansFlows.Silo;

namespace OrleansFlows.Api.Hosting;

/// <summary>Wires the REST host: a co-hosted silo, problem documents, OpenAPI, and the endpoints.</summary>
internal static class ApiHostExtensions
{
    public static WebApplicationBuilder AddOrleansFlowsApi(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.Services.AddSingleton(StandaloneFirstRun.PrepareOperatorKey(options, Console.Out));
        builder.Services.AddOrleansFlowsSilo(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = 32);
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapOrleansFlowsApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapTenantsApi();
        app.Lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"OrleansFlows API listening on {string.Join(", ", app.Urls)} (OpenAPI: /openapi/v1.json)"));
        return app;
    }
}
