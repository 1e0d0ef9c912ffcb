using Microsoft.AspNetCore.SignalR.Client;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;

namespace Notifications.LoadTest.Swarm;

/// <summary>
/// One live SignalR connection of one user and everything it received. The SignalR client runs
/// one connection's handlers one at a time, so the sets are only contended by the end-of-run
/// reader; a plain lock keeps that safe at no real cost.
/// </summary>
public sealed class TrackedConnection(int index, int user, ApiClient.Node node, DeliveryTracker tracker, RunUsers users)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _received = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<string>? _caughtUp;
    private long _lastSeq;
    private int _state = (int)ConnectionState.Connecting;

    public int Index { get; } = index;

    public int User { get; } = user;

    public ApiClient.Node Node { get; } = node;

    public HubConnection? Hub { get; set; }

    public ConnectionState State => (ConnectionState)Volatile.Read(ref _state);

    /// <summary>Live when the traffic started and never dropped since: only such connections can "lose" a notification.</summary>
    public bool Steady { get; private set; }

    /// <summary>Dropped at least once during the run (counted as a connection failure, not as loss).</summary>
    public bool EverDropped { get; private set; }

    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Completes at the first <c>notification:counts</c>, which the hub sends once the connection is subscribed.</summary>
    public Task Snapshot => _snapshot.Task;

    public void SetState(ConnectionState state) => Volatile.Write(ref _state, (int)state);

    public void MarkTrafficStart() => Steady = State == ConnectionState.Live;

    public void MarkDropped()
    {
        EverDropped = true;
        Steady = false;
    }

    public void OnCounts() => _snapshot.TrySetResult();

    /// <summary>The <c>notification</c> event.</summary>
    public void OnNotification(NotificationView notification)
    {
        if (notification.Data?.RunId != tracker.RunId)
        {
            tracker.Foreign();
            return;
        }

        bool first, overlap = false;
        lock (_gate)
        {
            first = _received.Add(notification.Id);
            if (!first && _caughtUp is not null && _caughtUp.Remove(notification.Id))
            {
                overlap = true; // fetched by catch-up a moment before its push arrived: not a duplicate
            }
        }

        InterlockedMax(ref _lastSeq, notification.Seq);
        if (first)
        {
            users.NoteReceived(User, notification.Id);
            tracker.Delivered(notification.Data.SentAt);
        }
        else if (!overlap)
        {
            tracker.Duplicate();
        }
    }

    /// <summary>A notification fetched by <c>afterSeq</c> after a reconnect; true when it had not arrived before.</summary>
    public bool OnCaughtUp(NotificationView notification)
    {
        InterlockedMax(ref _lastSeq, notification.Seq);
        if (notification.Data?.RunId != tracker.RunId)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_received.Add(notification.Id))
            {
                return false;
            }

            (_caughtUp ??= new HashSet<string>(StringComparer.Ordinal)).Add(notification.Id);
        }

        tracker.CaughtUp();
        return true;
    }

    public bool HasReceived(string id)
    {
        lock (_gate)
        {
            return _received.Contains(id);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

public enum ConnectionState
{
    Connecting,
    Live,
    Reconnecting,
    FailedToOpen,
    Closed,
    Stopped,
}
