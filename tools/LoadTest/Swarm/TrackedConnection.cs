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
    private readonly Dictionary<string, Receipt> _received = new(StringComparer.Ordinal);
    private readonly List<ConnectionEvent> _events = [];
    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<string>? _caughtUp;
    private HashSet<string>? _discarded;
    private int _state = (int)ConnectionState.Connecting;
    private int _catchUp; // 0 idle, 1 running, 2 running and asked again
    private volatile ApiClient.Node _node = node;

    public int Index { get; } = index;

    public int User { get; } = user;

    /// <summary>The node this connection was opened on.</summary>
    public ApiClient.Node InitialNode { get; } = node;

    /// <summary>The node the connection is (or was last) on; it moves when a reconnect fails over.</summary>
    public ApiClient.Node Node
    {
        get => _node;
        set => _node = value;
    }

    public HubConnection? Hub { get; set; }

    public ConnectionState State => (ConnectionState)Volatile.Read(ref _state);

    /// <summary>Live when the traffic started and never dropped since: only such connections can "lose" a notification.</summary>
    public bool Steady { get; private set; }

    /// <summary>Dropped at least once during the run (counted as a connection failure, not as loss).</summary>
    public bool EverDropped { get; private set; }

    /// <summary>What this connection can trust it has received, and whether a gap is open.</summary>
    public SeqWatermark Seq { get; } = new();

    /// <summary>Completes at the first <c>notification:counts</c>, which the hub sends once the connection is subscribed.</summary>
    public Task Snapshot => _snapshot.Task;

    public void SetState(ConnectionState state)
    {
        Volatile.Write(ref _state, (int)state);
        lock (_gate)
        {
            _events.Add(new ConnectionEvent(System.Diagnostics.Stopwatch.GetTimestamp(), state, Node.Index));
        }
    }

    public void MarkTrafficStart() => Steady = State == ConnectionState.Live;

    public void MarkDropped()
    {
        EverDropped = true;
        Steady = false;
    }

    public void OnCounts() => _snapshot.TrySetResult();

    /// <summary>
    /// Asks for a catch-up from <see cref="Seq"/>'s trusted seq. True when the caller must run one;
    /// false when one is running (it goes once more when it ends).
    /// </summary>
    public bool RequestCatchUp()
    {
        while (true)
        {
            switch (Interlocked.CompareExchange(ref _catchUp, 1, 0))
            {
                case 0:
                    return true;
                case 2:
                    return false;
                default:
                    if (Interlocked.CompareExchange(ref _catchUp, 2, 1) == 1)
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    /// <summary>Ends a catch-up; true when another was asked for meanwhile (the caller runs it).</summary>
    public bool EndCatchUp()
    {
        if (Interlocked.CompareExchange(ref _catchUp, 0, 1) == 1)
        {
            return false;
        }

        Volatile.Write(ref _catchUp, 1);
        return true;
    }

    /// <summary>The <c>notification</c> event; true when it shows a gap (a seq beyond the trusted one + 1).</summary>
    public bool OnNotification(NotificationView notification)
    {
        var gap = Seq.OnPush(notification.Seq);
        if (notification.Data?.RunId != tracker.RunId)
        {
            tracker.Foreign();
            return gap;
        }

        bool first, overlap = false;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_discarded?.Contains(notification.Id) == true)
            {
                return gap;
            }

            first = _received.TryAdd(notification.Id, new Receipt(now, ByCatchUp: false));
            if (!first && _caughtUp is not null && _caughtUp.Remove(notification.Id))
            {
                overlap = true; // fetched by catch-up a moment before its push arrived: not a duplicate
            }
        }

        if (first)
        {
            users.NoteReceived(User, notification.Id);
            tracker.Delivered(notification.Data.SentAt);
        }
        else if (!overlap)
        {
            tracker.Duplicate();
        }

        return gap;
    }

    /// <summary>
    /// Fault injection (<c>--fault-drop-pushes</c>): this push is lost for good, as by a client
    /// that trusted its seq without keeping it — its seq counts as seen and a catch-up that
    /// fetches it again ignores it. The run must then report exactly this notification lost.
    /// </summary>
    public void Discard(NotificationView notification)
    {
        Seq.OnPush(notification.Seq);
        lock (_gate)
        {
            (_discarded ??= new HashSet<string>(StringComparer.Ordinal)).Add(notification.Id);
        }
    }

    /// <summary>A notification fetched by <c>afterSeq</c> after a reconnect; true when it had not arrived before.</summary>
    public bool OnCaughtUp(NotificationView notification)
    {
        if (notification.Data?.RunId != tracker.RunId)
        {
            return false;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_discarded?.Contains(notification.Id) == true || !_received.TryAdd(notification.Id, new Receipt(now, ByCatchUp: true)))
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
            return _received.ContainsKey(id);
        }
    }

    /// <summary>What this connection received (id → when and how) and its state changes, for the run's timeline.</summary>
    public (Dictionary<string, Receipt> Received, ConnectionEvent[] Events) TimelineSnapshot()
    {
        lock (_gate)
        {
            return (new Dictionary<string, Receipt>(_received, StringComparer.Ordinal), [.. _events]);
        }
    }
}

/// <summary>When a notification reached a connection (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), and whether by catch-up.</summary>
public readonly record struct Receipt(long At, bool ByCatchUp);

/// <summary>A connection entered <paramref name="State"/> at <paramref name="At"/>, on node <paramref name="Node"/>.</summary>
public readonly record struct ConnectionEvent(long At, ConnectionState State, int Node);

public enum ConnectionState
{
    Connecting,
    Live,
    Reconnecting,
    FailedToOpen,
    Closed,
    Stopped,
}
