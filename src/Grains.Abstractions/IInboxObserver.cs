using Orleans.Concurrency;

namespace Notifications;

/// <summary>
/// Receives one user's inbox events on an Api node. An inbox calls it with the events of each
/// change in order, one call at a time, so a node that forwards them in order keeps the contract's ordering.
/// </summary>
public interface IInboxObserver : IGrainObserver
{
    /// <summary>
    /// Delivers events in the order the inbox applied them. The inbox gives up on the call after a
    /// short timeout (cancelling <paramref name="cancellationToken"/>) and then drops the subscription.
    /// </summary>
    [Alias("OnEvents")]
    Task OnEventsAsync(IReadOnlyList<InboxEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Answers at once while the node is alive; an inbox asks before it refuses a connection.</summary>
    [Alias("Ping"), AlwaysInterleave]
    Task PingAsync(CancellationToken cancellationToken = default);
}
