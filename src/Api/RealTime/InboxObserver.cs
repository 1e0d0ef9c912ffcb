using Microsoft.AspNetCore.SignalR;
using Notifications.Api.Telemetry;
using Notifications.Grains.Domain;

namespace Notifications.Api.RealTime;

/// <summary>
/// This node's observer of one user's inbox: forwards each event, in order, to the user's
/// connections on this node. It never throws back at the inbox: a failing send to one
/// connection is that connection's problem, not a reason for the inbox to drop this node.
/// <paramref name="connectionCount"/> reads how many connections the user has here right now.
/// </summary>
public sealed partial class InboxObserver(
    string userId,
    Func<int> connectionCount,
    IHubContext<NotificationsHub> hub,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<InboxObserver> logger) : IInboxObserver
{
    public async Task OnEventsAsync(IReadOnlyList<InboxEvent> events, CancellationToken cancellationToken = default)
    {
        var connections = connectionCount();
        if (connections == 0)
        {
            return;
        }

        // A group costs O(its members) per send; Clients(ids) would scan every connection of the node.
        var clients = hub.Clients.Group(UserConnections.GroupName(userId));
        foreach (var inboxEvent in events)
        {
            var (name, payload) = InboxEventNames.ToMessage(inboxEvent);
            try
            {
                // Awaited one by one: each connection receives the events in the inbox's order.
                await clients.SendAsync(name, payload, CancellationToken.None);
                if (inboxEvent is NotificationCreatedEvent created)
                {
                    metrics.Delivered(connections, time.GetUtcNow() - created.Notification.CreatedAt);
                }
            }
            catch (Exception exception)
            {
                LogWarningSendFailed(logger, name, UserIdHash.Of(userId), exception);
            }
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {EventName} to the connections of {UserHash} failed")]
    private static partial void LogWarningSendFailed(ILogger logger, string eventName, string userHash, Exception exception);
}
