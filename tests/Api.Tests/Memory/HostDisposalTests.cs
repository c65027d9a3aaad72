using System.Net;
using System.Runtime.CompilerServices;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Memory;

/// <summary>
/// A host that has stopped leaves nothing behind: after it is disposed no thread, timer or static keeps its services
/// (and with them its silo, store and caches) alive, so a process that restarts its host does not grow with each start.
/// </summary>
public sealed class HostDisposalTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Dispose_AfterServingRequests_ReleasesTheHostsServices()
    {
        var hosts = new List<WeakReference>();
        foreach (var name in (string[])["first", "second", "third"])
        {
            hosts.Add(await StartServeAndDisposeAsync(Path.Combine(_data.Path, name)));
        }

        // The first host a process starts may stay: the runtime's event counter thread, started once per process when
        // the silo first reads its statistics, keeps the execution context it was started in, which the test host
        // factory gives a reference to the host being built. Every later host must go.
        Assert.True(await IsCollectedAsync(hosts[1]), "the second host's services are still alive 30 s after it was disposed");
        Assert.True(await IsCollectedAsync(hosts[2]), "the third host's services are still alive 30 s after it was disposed");
    }

    public void Dispose() => _data.Dispose();

    // Work the host started may still be finishing just after it is disposed (a callback in flight, a stopping task);
    // what matters is that the services go soon after, not whether the first collection already finds them unreachable.
    private static async Task<bool> IsCollectedAsync(WeakReference services)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (services.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (services.IsAlive)
            {
                await Task.Delay(200);
            }
        }

        return !services.IsAlive;
    }

    // Not inlined, so no local of the caller keeps the host or its services reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> StartServeAndDisposeAsync(string dataDirectory)
    {
        await using var host = ApiHost.Sqlite(dataDirectory);
        await host.CreateTenantAsync("memory-" + Path.GetFileName(dataDirectory));
        using var client = host.CreateOperatorClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tenants")).StatusCode);
        return new WeakReference(host.Services);
    }
}
