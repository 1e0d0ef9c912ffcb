using System.Diagnostics.Metrics;

namespace Notifications.Api.Telemetry;

/// <summary>The service's own instruments (meter <c>Notifications</c>), exported on /metrics and over OTLP.</summary>
public sealed class NotificationsMetrics
{
    public const string MeterName = "Notifications";

    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _delivered;
    private readonly Histogram<double> _deliveryLatency;
    private readonly UpDownCounter<long> _connections;

    public NotificationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _outcomes = meter.CreateCounter<long>("notifications.create.outcomes", description: "Creates by outcome (created, duplicate, suppressed, rate_limited).");
        _delivered = meter.CreateCounter<long>("notifications.delivered", description: "Notifications pushed to live connections.");
        _deliveryLatency = meter.CreateHistogram<double>("notifications.delivery.latency", unit: "ms", description: "From creation to the push leaving this node.");
        _connections = meter.CreateUpDownCounter<long>("notifications.connections", description: "Live SignalR connections on this node.");
    }

    public void Outcome(CreateStatus status, int count = 1) =>
        _outcomes.Add(count, new KeyValuePair<string, object?>("outcome", Contracts.CreateResponse.StatusName(status)));

    public void Delivered(int connections, TimeSpan latency)
    {
        _delivered.Add(connections);
        _deliveryLatency.Record(latency.TotalMilliseconds);
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);
}
