using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.Auth;

/// <summary>Registers the authentication throttle and its settings, checked at start-up.</summary>
internal static class AuthenticationThrottleServiceCollectionExtensions
{
    public static IServiceCollection AddAuthenticationThrottle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthenticationThrottleOptions>().Bind(configuration.GetSection(AuthenticationThrottleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthenticationThrottleOptions>, AuthenticationThrottleOptionsValidator>();
        services.AddSingleton<AuthenticationThrottle>();
        return services;
    }
}
