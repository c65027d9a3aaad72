using Microsoft.AspNetCore.Hosting;

[assembly: HostingStartup(typeof(OrleansFlows.Silo.CoHostedSiloStartup))]

namespace OrleansFlows.Silo;

/// <summary>
/// Adds this silo to a web host that loads the assembly by name: the REST API in standalone mode, which references
/// only the contracts and so can't call <see cref="SiloHostExtensions.AddOrleansFlowsSilo"/> itself.
/// </summary>
public sealed class CoHostedSiloStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices((context, services) => services.AddOrleansFlowsSilo(context.Configuration));
}
