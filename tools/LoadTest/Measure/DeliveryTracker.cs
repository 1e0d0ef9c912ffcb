using Notifications.LoadTest.Swarm;

namespace Notifications.LoadTest.Measure;

/// <summary>
/// What the producers were told was created, what the connections received, and the latencies.
/// Loss is computed once, at the end, from the two sides; during the run only counters move.
/// </summary>
public sealed class DeliveryTracker(string runId)
{
    private readonly Lock _gate = new();
    private readonly List<Acknowledged> _acknowledged = new(capacity: 1 << 16);
    private long _acknowledgedCount;
    private long _delivered;
    private long _duplicates;
    private long _caughtUp;
    private long _foreign;
    private long _steadyFrom;

    public string RunId { get; } = runId;

    /// <summary>Send (timestamp in <c>data.sentAt</c>) to receipt on a connection.</summary>
    public LatencyRecorder Delivery { get; } = new();

    /// <summary>The same, for operations sent once the ramp-up was over (the steady phase).</summary>
    public LatencyRecorder SteadyDelivery { get; } = new();

    /// <summary>Send to the 201 of a single create.</summary>
    public LatencyRecorder CreateAck { get; } = new();

    /// <summary>Send to the 200 of a batch request.</summary>
    public LatencyRecorder BatchAck { get; } = new();

    public long AcknowledgedCount => Interlocked.Read(ref _acknowledgedCount);

    /// <summary>First receipts by push, summed over connections.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long CaughtUpCount => Interlocked.Read(ref _caughtUp);

    /// <summary>Notifications of another run (same users only if a prefix and run id were reused).</summary>
    public long ForeignCount => Interlocked.Read(ref _foreign);

    /// <param name="sentAt">When the operation's first attempt was sent (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
    public void Acknowledge(int user, string id, long sentAt)
    {
        var acknowledgedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _acknowledged.Add(new Acknowledged(user, id, sentAt, acknowledgedAt));
        }

        Interlocked.Increment(ref _acknowledgedCount);
    }

    public void Delivered(long sentAt)
    {
        Interlocked.Increment(ref _delivered);
        Delivery.RecordSince(sentAt);
        var steadyFrom = Interlocked.Read(ref _steadyFrom);
        if (steadyFrom != 0 && sentAt >= steadyFrom)
        {
            SteadyDelivery.RecordSince(sentAt);
        }
    }

    /// <summary>From this <see cref="System.Diagnostics.Stopwatch"/> timestamp on, sends belong to the steady phase.</summary>
    public void MarkSteady(long timestamp) => Interlocked.Exchange(ref _steadyFrom, timestamp);

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void CaughtUp() => Interlocked.Increment(ref _caughtUp);

    public void Foreign() => Interlocked.Increment(ref _foreign);

    /// <summary>
    /// Matches every acknowledged notification against the connections of its user: a steady
    /// connection that lacks it lost it; a connection that dropped and caught up is checked
    /// separately (it should have it through <c>afterSeq</c>).
    /// </summary>
    public LossFigures ComputeLoss(IReadOnlyList<TrackedConnection>[] connectionsByUser, int sampleSize = 10)
    {
        Acknowledged[] acknowledged;
        lock (_gate)
        {
            acknowledged = [.. _acknowledged];
        }

        long expected = 0, missing = 0, expectedReconnected = 0, missingReconnected = 0;
        var samples = new List<string>();
        foreach (var (user, id, _, _) in acknowledged)
        {
            foreach (var connection in connectionsByUser[user])
            {
                if (connection.Steady)
                {
                    expected++;
                    if (!connection.HasReceived(id))
                    {
                        missing++;
                        if (samples.Count < sampleSize)
                        {
                            samples.Add($"{id} (connection {connection.Index}, user {user})");
                        }
                    }
                }
                else if (connection.EverDropped && connection.State == ConnectionState.Live)
                {
                    expectedReconnected++;
                    if (!connection.HasReceived(id))
                    {
                        missingReconnected++;
                    }
                }
            }
        }

        return new LossFigures(expected, missing, expectedReconnected, missingReconnected, samples);
    }

    /// <summary>Every acknowledged notification so far, in acknowledgement order.</summary>
    public Acknowledged[] AcknowledgedSnapshot()
    {
        lock (_gate)
        {
            return [.. _acknowledged];
        }
    }

    /// <summary>One acknowledged notification; times are <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
    public readonly record struct Acknowledged(int User, string Id, long SentAt, long AcknowledgedAt);
}

/// <summary>
/// <see cref="Expected"/>: (notification, steady connection) pairs; <see cref="Lost"/>: those never
/// received. The reconnected figures are the same for connections that dropped and caught up.
/// </summary>
public sealed record LossFigures(long Expected, long Lost, long ExpectedOnReconnected, long MissingOnReconnected, IReadOnlyList<string> LostSamples);
