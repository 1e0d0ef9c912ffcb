namespace Notifications.Api.Cluster;

/// <summary>Client mode: the Orleans client reports gateways coming and going.</summary>
public sealed class GatewayChangeObserver(ClusterChangeSignal signal) : IClusterConnectionStatusObserver
{
    public void NotifyClusterConnectionLost() => signal.Notify();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) => signal.Notify();
}
