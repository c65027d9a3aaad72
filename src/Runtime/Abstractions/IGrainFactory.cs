namespace OrleansFlows.Runtime.Abstractions;

/// <summary>Hands out grain references. A reference is cheap and works whether the grain is active, remote or not yet active.</summary>
public interface IGrainFactory
{
    /// <summary>Gets a reference to the grain of interface <typeparamref name="TGrain"/> with the given key.</summary>
    /// <exception cref="ArgumentException">The key is empty, too long or holds control characters.</exception>
    TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrain;
}
