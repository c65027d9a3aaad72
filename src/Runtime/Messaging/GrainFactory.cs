using System.Reflection;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Messaging;

/// <summary>Creates grain proxies that send calls through the silo's dispatcher.</summary>
internal sealed class GrainFactory(IGrainCallDispatcher dispatcher, IOptions<GrainCallOptions> options) : IGrainFactory
{
    private readonly TimeSpan _timeout = options.Value.ResponseTimeout;

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrain
    {
        var grainInterface = GrainInterface.Get(typeof(TGrain));
        var grainId = GrainId.Create(grainInterface.GrainType, key);
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        ((GrainProxy)(object)proxy).Initialize(new GrainReference(grainId, grainInterface, dispatcher, _timeout));
        return proxy;
    }
}
