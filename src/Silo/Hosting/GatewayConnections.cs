namespace OrleansFlows.Silo.Hosting;

/// <summary>How many gateways a cluster client is connected to, as Orleans reports each connection opening and closing.</summary>
internal sealed class GatewayConnections : IClusterConnectionStatusObserver
{
    private int _connected;

    public int Connected => Volatile.Read(ref _connected);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _connected, 0);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _connected, currentNumberOfGateways);
}
