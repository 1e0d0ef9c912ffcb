using Microsoft.Extensions.Logging;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The observers of one inbox and the queue of events on their way to them. Events leave in the
/// order they were published, one batch at a time: a batch goes to every observer at once and
/// the next batch waits until each observer took it, failed, or timed out. An observer that fails
/// or times out is dropped (its node resubscribes when it is alive), so a dead Api node costs an
/// inbox at most one push timeout, and the inbox itself never waits on a push.
/// </summary>
/// <remarks>Runs on the grain's scheduler: single-threaded, interleaved with the grain's turns.</remarks>
internal sealed partial class InboxSubscriptions(TimeProvider time, InboxOptions options, ILogger logger)
{
    private readonly Dictionary<IInboxObserver, DateTimeOffset> _renewedAt = [];
    private readonly List<InboxEvent> _pending = [];
    private Task _pump = Task.CompletedTask;

    public int Count => _renewedAt.Count;

    public void Subscribe(IInboxObserver observer) => _renewedAt[observer] = time.GetUtcNow();

    public void Unsubscribe(IInboxObserver observer) => _renewedAt.Remove(observer);

    /// <summary>Queues the events of one change; nothing is queued when nobody listens.</summary>
    public void Publish(params ReadOnlySpan<InboxEvent> events)
    {
        if (_renewedAt.Count == 0)
        {
            return;
        }

        _pending.AddRange(events);
        if (_pump.IsCompleted)
        {
            _pump = PumpAsync();
        }
    }

    /// <summary>Waits (bounded) for queued events to leave, e.g. before deactivation.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => _pump.WaitAsync(cancellationToken);

    private async Task PumpAsync()
    {
        // Yield first so the change that published answers its caller before any push goes out.
        await Task.Yield();
        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            DropExpired();
            if (_renewedAt.Count == 0)
            {
                return;
            }

            var observers = _renewedAt.Keys.ToArray();
            var sends = new Task[observers.Length];
            for (var i = 0; i < observers.Length; i++)
            {
                sends[i] = SendAsync(observers[i], batch);
            }

            await Task.WhenAll(sends);
        }
    }

    private async Task SendAsync(IInboxObserver observer, InboxEvent[] batch)
    {
        using var timeout = new CancellationTokenSource(options.PushTimeout, time);
        try
        {
            await observer.OnEventsAsync(batch, timeout.Token).WaitAsync(options.PushTimeout, time);
        }
        catch (Exception exception)
        {
            _renewedAt.Remove(observer);
            LogWarningObserverDropped(logger, exception);
        }
    }

    private void DropExpired()
    {
        var oldestAllowed = time.GetUtcNow() - options.SubscriptionExpiry;
        foreach (var (observer, renewedAt) in _renewedAt)
        {
            if (renewedAt < oldestAllowed)
            {
                _renewedAt.Remove(observer);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an inbox observer that did not take a push")]
    private static partial void LogWarningObserverDropped(ILogger logger, Exception exception);
}
