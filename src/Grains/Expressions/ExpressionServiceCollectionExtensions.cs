using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Registers the expression evaluator.</summary>
public static class ExpressionServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ExpressionEvaluator"/> as a singleton, with <see cref="ExpressionOptions"/> validated at start-up.</summary>
    public static IServiceCollection AddOrleansFlowsExpressions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ExpressionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExpressionOptions>, ExpressionOptionsValidator>());
        services.TryAddSingleton<ExpressionEvaluator>();
        return services;
    }
}
