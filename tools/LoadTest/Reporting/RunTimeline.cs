using System.Diagnostics;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Swarm;

namespace Notifications.LoadTest.Reporting;

/// <summary>
/// The raw record of a run, for callers that compute their own figures (e.g. recovery after a
/// failure injected by a timed action): what was acknowledged and when, and what each connection
/// received and when, and how its state changed. Times in seconds from the start of the traffic.
/// Not written to the JSON report (it is as large as the run).
/// </summary>
public sealed record RunTimeline(
    IReadOnlyList<string> UserIds,
    IReadOnlyList<Uri> Nodes,
    IReadOnlyList<AcknowledgedRecord> Acknowledged,
    IReadOnlyList<ConnectionRecord> Connections)
{
    internal static RunTimeline Capture(IReadOnlyList<string> userIds, IReadOnlyList<Uri> nodes, DeliveryTracker tracker, IEnumerable<TrackedConnection> connections, long origin)
    {
        double Seconds(long timestamp) => (timestamp - origin) / (double)Stopwatch.Frequency;

        var acknowledged = tracker.AcknowledgedSnapshot()
            .Select(a => new AcknowledgedRecord(a.User, a.Id, Seconds(a.SentAt), Seconds(a.AcknowledgedAt)))
            .ToArray();
        var records = connections.Select(c =>
        {
            var (received, events) = c.TimelineSnapshot();
            return new ConnectionRecord(
                c.Index,
                c.User,
                c.InitialNode.Index,
                c.Node.Index,
                c.State,
                received.ToDictionary(kv => kv.Key, kv => new ReceiptRecord(Seconds(kv.Value.At), kv.Value.ByCatchUp), StringComparer.Ordinal),
                [.. events.Select(e => new StateChange(Seconds(e.At), e.State, e.Node))]);
        }).ToArray();
        return new RunTimeline(userIds, nodes, acknowledged, records);
    }
}

/// <summary>An acknowledged notification: first attempt sent at <paramref name="SentAt"/>, acknowledged at <paramref name="AcknowledgedAt"/>.</summary>
public sealed record AcknowledgedRecord(int User, string Id, double SentAt, double AcknowledgedAt);

/// <summary>One connection: its nodes (indexes into <see cref="RunTimeline.Nodes"/>), state at the end, receipts and state changes.</summary>
public sealed record ConnectionRecord(
    int Index,
    int User,
    int InitialNode,
    int Node,
    ConnectionState State,
    IReadOnlyDictionary<string, ReceiptRecord> Received,
    IReadOnlyList<StateChange> Events);

public sealed record ReceiptRecord(double At, bool ByCatchUp);

public sealed record StateChange(double At, ConnectionState State, int Node);
