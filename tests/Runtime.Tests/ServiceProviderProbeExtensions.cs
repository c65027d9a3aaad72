using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests;

internal static class ServiceProviderProbeExtensions
{
    /// <summary>The silo's <see cref="GrainProbe"/>, which the test grains report to.</summary>
    public static GrainProbe GetProbe(this IServiceProvider services) => services.GetRequiredService<GrainProbe>();
}
