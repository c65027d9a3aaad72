using System.Reflection;
using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// Looks up runtime internals by name, for measurement only. The runtime is under active change, so a renamed type
/// makes a figure read "n/a" instead of breaking the benchmark's build.
/// </summary>
internal static class RuntimeInternals
{
    private static readonly Assembly RuntimeAssembly = typeof(Grain).Assembly;

    public static Type? Type(string fullName) => RuntimeAssembly.GetType(fullName);

    /// <summary>How many activations the silo's catalog holds, or null if that can't be read.</summary>
    public static int? ActivationCount(IServiceProvider services)
    {
        var catalogType = Type("OrleansFlows.Runtime.Activation.Catalog");
        var catalog = catalogType is null ? null : services.GetService(catalogType);
        return catalogType?.GetProperty("Count")?.GetValue(catalog) as int?;
    }

    public static string GrainTypeName<TGrainInterface>()
        where TGrainInterface : IGrain =>
        typeof(TGrainInterface).GetCustomAttribute<GrainTypeAttribute>()?.Name
        ?? throw new InvalidOperationException($"{typeof(TGrainInterface).Name} has no [GrainType].");
}
