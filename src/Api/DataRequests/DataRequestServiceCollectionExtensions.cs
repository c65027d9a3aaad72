using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.DataRequests;

/// <summary>Registers the per-tenant rate of data requests and its settings, checked at start-up.</summary>
internal static class DataRequestServiceCollectionExtensions
{
    public static IServiceCollection AddDataRequestRate(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataRequestOptions>().Bind(configuration.GetSection(DataRequestOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataRequestOptions>, DataRequestOptionsValidator>();
        return services;
    }

    /// <summary>Counts the endpoint's requests against the tenant's rate of data requests (429 past it).</summary>
    public static RouteHandlerBuilder CountsAsDataRequest(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<DataRequestRateFilter>().ProducesProblem(StatusCodes.Status429TooManyRequests);
}
