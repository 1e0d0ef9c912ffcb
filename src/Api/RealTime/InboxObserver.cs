using Microsoft.AspNetCore.SignalR;
using Notifications.Api.Telemetry;
using Notifications.Grains.Domain;

namespace Notifications.Api.RealTime;

/// <summary>
/// This node's observer of one user's inbox: forwards each event, in order, to the user's
/// connections on this node. It never throws back at the inbox: a failing send to one
/// connection is that connection's problem, not a reason for the inbox to drop this node.
/// </summary>
public sealed partial class InboxObserver(
    UserConnections.Entry user,
    IHubContext<NotificationsHub> hub,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<InboxObserver> logger) : IInboxObserver
{
    public async Task OnEventsAsync(IReadOnlyList<InboxEvent> events, CancellationToken cancellationToken = default)
    {
        var connections = user.ConnectionIds.Count;
        if (connections == 0)
        {
            return;
        }

        // A group costs O(its members) per send; Clients(ids) would scan every connection of the node.
        var clients = hub.Clients.Group(UserConnections.GroupName(user.UserId));
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
                LogWarningSendFailed(logger, name, UserIdHash.Of(user.UserId), exception);
            }
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {EventName} to the connections of {UserHash} failed")]
    private static partial void LogWarningSendFailed(ILogger logger, string eventName, string userHash, Exception exception);
}
