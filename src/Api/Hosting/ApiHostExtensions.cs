using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Orleans.Dashboard;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.DataRequests;
using OrleansFlows.Api.Endpoints;
using OrleansFlows.Api.Intake;
using OrleansFlows.Api.OpenApi;
using OrleansFlows.Api.Problems;
using OrleansFlows.Api.WebConsole;
using OrleansFlows.Silo;
using OrleansFlows.Silo.Hosting;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Hosting;

/// <summary>Wires the REST host: a co-hosted silo or a cluster client, problem documents, limits, OpenAPI, and the endpoints.</summary>
internal static class ApiHostExtensions
{
    public static WebApplicationBuilder AddOrleansFlowsApi(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ApiOptions.Section);
        var options = section.Get<ApiOptions>() ?? new ApiOptions();
        builder.Services.Configure<ApiOptions>(section);
        // On PostgreSQL (a cluster) there is no generated key: without a configured one the operator endpoints are off.
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider == StorageProvider.Sqlite || !string.IsNullOrWhiteSpace(options.OperatorKey))
        {
            builder.Services.AddSingleton(StandaloneFirstRun.PrepareOperatorKey(options, Console.Out));
        }

        if (options.Mode == ApiMode.Client)
        {
            builder.UseOrleansClient(client =>
            {
                client.AddOrleansFlowsClient(builder.Configuration);
                if (DashboardSettings.IsEnabled(builder.Configuration, byDefault: false))
                {
                    client.AddDashboard();
                }
            });
        }
        else
        {
            builder.UseOrleans(silo => silo.AddOrleansFlowsSilo(builder.Configuration, dashboardByDefault: true));
        }

        builder.Services.AddSingleton<ApiKeyIndex>();
        builder.Services.AddTrustedProxies(builder.Configuration);
        builder.Services.AddAuthenticationThrottle(builder.Configuration);
        builder.Services.AddDataRequestRate(builder.Configuration);
        builder.Services.AddSingleton<LeadIntake>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusCodeProblems.Complete);
        // Every problem is written as application/problem+json whatever Accept says, and the developer page (which the
        // host adds in Development, with the stack trace and request headers) is replaced by the same problem.
        builder.Services.AddSingleton<IProblemDetailsService, ProblemJsonWriter>();
        builder.Services.AddSingleton<ProblemExceptionHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Diagnostics.IExceptionHandler>(services => services.GetRequiredService<ProblemExceptionHandler>());
        builder.Services.AddSingleton<Microsoft.AspNetCore.Diagnostics.IDeveloperPageExceptionFilter, DeveloperPageProblemFilter>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o =>
        {
            // Responses carry stored JSON inside their own envelope: lead payloads (up to 32 levels, checked at intake) and
            // step outputs (up to the expression engine's 64). Bound request bodies are flat records, refused by type
            // long before this depth, so the limit only has to leave writing enough room.
            o.SerializerOptions.MaxDepth = 128;

            // The web defaults read "10" as a number and 1 as an enum member; a request says what it means or is refused.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton<RequestConcurrencyLimiter>();
        builder.Services.AddOpenApi();
        builder.Services.AddOrleansFlowsOpenApiTransformers();
        builder.AddOrleansFlowsApiTelemetry();
        return builder;
    }

    public static WebApplication MapOrleansFlowsApi(this WebApplication app)
    {
        var options = app.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        app.UseTrustedProxies();
        app.UseMiddleware<HardeningHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ConcurrencyLimitMiddleware>();
        app.UseRouting();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.MapOpenApi();
        app.MapOrleansFlowsMetrics();
        app.MapHealthApi();
        app.MapSchemasApi();
        app.MapOrleansFlowsConsole();
        if (app.Services.GetService<OperatorKey>() is not null)
        {
            app.MapTenantsApi();
            app.MapClusterApi();
            if (DashboardSettings.IsEnabled(app.Configuration, byDefault: options.Mode == ApiMode.Standalone))
            {
                app.MapOperatorDashboard();
            }
        }
        else
        {
            app.Logger.LogWarning(
                "Operator endpoints are off: the store is PostgreSQL (cluster mode), which has no generated operator key, and OrleansFlows:OperatorKey is not set (environment variable OrleansFlows__OperatorKey).");
        }

        app.MapTenantApi();
        app.MapWebhooksApi();
        if (options.DemoEndpoints || app.Environment.IsDevelopment())
        {
            app.MapDemoApi();
        }

        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"OrleansFlows API listening on {string.Join(", ", app.Urls)} (OpenAPI: /openapi/v1.json)")));
        return app;
    }
}
