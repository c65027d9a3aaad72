using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansFlows.TestKit.TestGrains;

internal static class ServiceCollectionTestExtensions
{
    public static void AddSingletonIfMissing<T>(this IServiceCollection services)
        where T : class => services.TryAddSingleton<T>();
}
