using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The observers of one inbox, each with its own queue of events on their way to it. Events
/// reach every observer in the order they were published; a batch to one observer waits only for
/// that observer's previous batch. An observer that fails, times out or falls too far behind is
/// dropped: a dead or stuck Api node costs the inbox nothing but that node's queue, and the node
/// finds out on its next renewal (which then starts with a counts snapshot for its clients).
/// </summary>
/// <remarks>Runs on the grain's scheduler: single-threaded, interleaved with the grain's turns.</remarks>
internal sealed partial class InboxSubscriptions(TimeProvider time, InboxOptions options, ILogger logger)
{
    private readonly Dictionary<IInboxObserver, Subscriber> _subscribers = [];

    public int Count => _subscribers.Count;

    /// <summary>Live connections of the user on every subscribed node, as the nodes reported them.</summary>
    public int LiveConnections
    {
        get
        {
            DropExpired();
            return _subscribers.Values.Sum(s => s.Connections);
        }
    }

    /// <summary>
    /// Subscribes or renews, and records the node's live connections; a new subscriber receives
    /// <paramref name="greeting"/> first (none while the inbox cannot load: it greets every
    /// subscriber once it has loaded). True when new.
    /// </summary>
    public bool Subscribe(IInboxObserver observer, InboxEvent? greeting, int connections)
    {
        var (subscriber, isNew) = GetOrAdd(observer, greeting);
        subscriber.Connections = connections;
        return isNew;
    }

    /// <summary>One more connection on the node (subscribing it with its first). True when new.</summary>
    public bool AddConnection(IInboxObserver observer, InboxEvent? greeting)
    {
        var (subscriber, isNew) = GetOrAdd(observer, greeting);
        subscriber.Connections++;
        return isNew;
    }

    /// <summary>One connection fewer on the node; with its last the node is unsubscribed.</summary>
    public void RemoveConnection(IInboxObserver observer)
    {
        if (_subscribers.TryGetValue(observer, out var subscriber) && --subscriber.Connections <= 0)
        {
            Unsubscribe(observer);
        }
    }

    private void Unsubscribe(IInboxObserver observer)
    {
        if (_subscribers.Remove(observer, out var subscriber))
        {
            subscriber.Dropped = true;
        }
    }

    /// <summary>Pings every node at once and drops those that do not answer within the push timeout.</summary>
    public async Task DropUnresponsiveAsync()
    {
        var subscribers = _subscribers.Values.ToArray();
        var answers = await Task.WhenAll(subscribers.Select(PingAsync));
        for (var i = 0; i < subscribers.Length; i++)
        {
            if (!answers[i])
            {
                Drop(subscribers[i]);
            }
        }
    }

    /// <summary>Queues the events of one change for every observer; nothing is queued when nobody listens.</summary>
    public void Publish(params ReadOnlySpan<InboxEvent> events)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }

        DropExpired();
        foreach (var subscriber in _subscribers.Values.ToArray())
        {
            Enqueue(subscriber, events);
        }
    }

    /// <summary>Waits (bounded by the token) for queued events to leave, e.g. before deactivation.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_subscribers.Values.Select(s => s.Pump)).WaitAsync(cancellationToken);

    private (Subscriber Subscriber, bool IsNew) GetOrAdd(IInboxObserver observer, InboxEvent? greeting)
    {
        DropExpired();
        if (_subscribers.TryGetValue(observer, out var existing))
        {
            existing.RenewedAt = time.GetUtcNow();
            return (existing, false);
        }

        var subscriber = new Subscriber(observer) { RenewedAt = time.GetUtcNow() };
        _subscribers[observer] = subscriber;
        if (greeting is not null)
        {
            Enqueue(subscriber, [greeting]);
        }

        return (subscriber, true);
    }

    private async Task<bool> PingAsync(Subscriber subscriber)
    {
        using var timeout = new CancellationTokenSource(options.PushTimeout, time);
        try
        {
            await subscriber.Observer.PingAsync(timeout.Token).WaitAsync(options.PushTimeout, time);
            return true;
        }
        catch (Exception exception)
        {
            LogWarningObserverDropped(logger, exception);
            return false;
        }
    }

    private void Enqueue(Subscriber subscriber, ReadOnlySpan<InboxEvent> events)
    {
        if (subscriber.Pending.Count + events.Length > options.MaxPendingPushes)
        {
            Drop(subscriber);
            LogWarningObserverFellBehind(logger, options.MaxPendingPushes);
            return;
        }

        if (subscriber.Pending.Count == 0)
        {
            subscriber.PendingSince = Activity.Current?.Context ?? default;
        }

        subscriber.Pending.AddRange(events);
        if (subscriber.Pump.IsCompleted)
        {
            subscriber.Pump = PumpAsync(subscriber);
        }
    }

    private async Task PumpAsync(Subscriber subscriber)
    {
        // Yield first so the change that published answers its caller before any push goes out.
        await Task.Yield();
        while (subscriber.Pending.Count > 0 && !subscriber.Dropped)
        {
            var batch = subscriber.Pending.ToArray();
            var parent = subscriber.PendingSince;
            subscriber.Pending.Clear();
            using var timeout = new CancellationTokenSource(options.PushTimeout, time);
            using var push = InboxActivities.StartPush(batch.Length, parent);
            try
            {
                await subscriber.Observer.OnEventsAsync(batch, timeout.Token).WaitAsync(options.PushTimeout, time);
            }
            catch (Exception exception)
            {
                Drop(subscriber);
                LogWarningObserverDropped(logger, exception);
                return;
            }
        }
    }

    private void Drop(Subscriber subscriber)
    {
        subscriber.Dropped = true;
        subscriber.Pending.Clear();
        if (_subscribers.TryGetValue(subscriber.Observer, out var current) && ReferenceEquals(current, subscriber))
        {
            _subscribers.Remove(subscriber.Observer);
        }
    }

    private void DropExpired()
    {
        var oldestAllowed = time.GetUtcNow() - options.SubscriptionExpiry;
        foreach (var subscriber in _subscribers.Values.ToArray())
        {
            if (subscriber.RenewedAt < oldestAllowed)
            {
                Drop(subscriber);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an inbox observer that did not take a push")]
    private static partial void LogWarningObserverDropped(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an inbox observer that fell more than {MaxPending} events behind")]
    private static partial void LogWarningObserverFellBehind(ILogger logger, int maxPending);

    private sealed class Subscriber(IInboxObserver observer)
    {
        public IInboxObserver Observer { get; } = observer;

        public DateTimeOffset RenewedAt { get; set; }

        public List<InboxEvent> Pending { get; } = [];

        /// <summary>The trace of the change that queued the oldest pending event.</summary>
        public ActivityContext PendingSince { get; set; }

        public Task Pump { get; set; } = Task.CompletedTask;

        public bool Dropped { get; set; }

        /// <summary>The user's live connections on this node.</summary>
        public int Connections { get; set; }
    }
}
