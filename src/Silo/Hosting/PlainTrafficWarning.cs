using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.Silo.Hosting;

/// <summary>Tells the operator at start-up that cluster traffic is not encrypted, because no certificate is configured.</summary>
internal sealed partial class PlainTrafficWarning(ILogger<PlainTrafficWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogPlainTraffic(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Cluster traffic between silos and clients is plain TCP: OrleansFlows:Cluster:TlsCertificatePath is not set. Set it (a PFX shared by the cluster) to use TLS.")]
    private static partial void LogPlainTraffic(ILogger logger);
}
