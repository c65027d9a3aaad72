using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// Runs this silo's transport listener for the silo's whole life: it starts before the silo joins the cluster, and
/// closes only after the silo has handed its activations off, marked itself dead, and given the other silos two
/// refresh periods (at most the death timeout) to see that. Until then every call that reaches it is answered: run, passed on to the grain's new
/// owner, or refused as not owned here (which the sender retries elsewhere). So a graceful stop fails no call.
/// </summary>
internal sealed partial class ClusterTransportService(
    ClusterRequestHandler handler,
    GrainForwarder forwarder,
    ActivationRebalancer rebalancer,
    MembershipService membership,
    SiloStatus status,
    IOptions<MembershipOptions> membershipOptions,
    IOptions<TransportOptions> transportOptions,
    IOptions<GrainCollectionOptions> collectionOptions,
    ILogger<SiloTransportListener> logger) : IHostedLifecycleService
{
    private SiloTransportListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = rebalancer; // Created with the service so it follows every view from the first.
        status.RequireAlso(() => membership.Phase == MembershipServicePhase.Active);
        var listener = new SiloTransportListener(ListenEndpoint(membershipOptions.Value.SiloAddress), transportOptions.Value, handler, logger);
        listener.Start();
        _listener = listener;
        LogListening(logger, listener.LocalEndpoint.ToString(), membershipOptions.Value.SiloAddress);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Registered before membership, so this runs after membership has marked the silo dead.
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_listener is { } listener)
        {
            var options = membershipOptions.Value;
            var grace = TimeSpan.FromTicks(Math.Min((2 * options.RefreshPeriod).Ticks, options.DeathTimeout.Ticks));
            await Task.Delay(grace, CancellationToken.None).ConfigureAwait(false);
            await listener.StopAsync(collectionOptions.Value.DeactivationTimeout).ConfigureAwait(false);
        }

        await forwarder.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the listener and every connection at once, as a killed process would.</summary>
    public async Task AbortAsync()
    {
        if (_listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await forwarder.DisposeAsync().ConfigureAwait(false);
    }

    // The silo's advertised host:port; an IP literal is bound as given, a host name on every interface.
    private static IPEndPoint ListenEndpoint(string siloAddress)
    {
        var (host, port) = SiloAddress.Parse(siloAddress);
        return new IPEndPoint(IPAddress.TryParse(host, out var ip) ? ip : IPAddress.Any, port);
    }

    [LoggerMessage(EventId = 1820, Level = LogLevel.Information, Message = "Silo transport listening on {Endpoint} (advertised as {Address})")]
    private static partial void LogListening(ILogger logger, string endpoint, string address);
}
