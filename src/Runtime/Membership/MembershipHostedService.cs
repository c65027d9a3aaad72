using Microsoft.Extensions.Hosting;

namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// Runs <see cref="MembershipService"/> in the host. It joins only after every hosted service has started (the
/// store's schema exists and the silo serves), marks itself shutting down before any of them stops (while the catalog
/// hands grains off, it keeps heartbeating), and leaves after all of them stopped.
/// </summary>
internal sealed class MembershipHostedService(MembershipService membership) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => membership.StartAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => membership.BeginShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => membership.StopAsync(cancellationToken);
}
