using System.Reflection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Grain ids of test grains, for asserting on events and stored rows.</summary>
public static class TestGrainIds
{
    /// <summary>The id of the grain of interface <typeparamref name="TGrain"/> with key <paramref name="key"/>.</summary>
    public static GrainId Of<TGrain>(string key)
        where TGrain : IGrain
    {
        var attribute = typeof(TGrain).GetCustomAttribute<GrainTypeAttribute>()
            ?? throw new InvalidOperationException($"{typeof(TGrain).Name} has no {nameof(GrainTypeAttribute)}.");
        return GrainId.Create(GrainType.Create(attribute.Name), key);
    }

    /// <summary>A fresh random key, so tests sharing a store never share a grain.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");
}
