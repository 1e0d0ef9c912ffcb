using System.Diagnostics.Metrics;

namespace Notifications.Api.Telemetry;

/// <summary>The service's own instruments (meter <c>Notifications</c>), exported on /metrics and over OTLP.</summary>
public sealed class NotificationsMetrics
{
    public const string MeterName = "Notifications";

    /// <summary>
    /// Delivery latency buckets in seconds (OpenTelemetry's unit for durations; the exporter names the
    /// series <c>notifications_delivery_latency_seconds_*</c>): 1 ms to 10 s, dense where the service
    /// lives (a few ms to a few hundred ms) and up to a failover's recovery times.
    /// </summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _delivered;
    private readonly Histogram<double> _deliveryLatency;
    private readonly UpDownCounter<long> _connections;

    public NotificationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _outcomes = meter.CreateCounter<long>("notifications.create.outcomes", description: "Creates by outcome (created, replaced, duplicate, suppressed, rate_limited).");
        _delivered = meter.CreateCounter<long>("notifications.delivered", description: "Notifications pushed to live connections.");
        _deliveryLatency = meter.CreateHistogram(
            "notifications.delivery.latency",
            unit: "s",
            description: "From creation to the push leaving this node.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _connections = meter.CreateUpDownCounter<long>("notifications.connections", description: "Live SignalR connections on this node.");
    }

    public void Outcome(CreateStatus status, int count = 1) =>
        _outcomes.Add(count, new KeyValuePair<string, object?>("outcome", Contracts.CreateResponse.StatusName(status)));

    public void Delivered(int connections, TimeSpan latency)
    {
        _delivered.Add(connections);
        _deliveryLatency.Record(latency.TotalSeconds);
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);
}
