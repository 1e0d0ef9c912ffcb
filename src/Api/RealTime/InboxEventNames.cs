using Notifications.Api.Contracts;

namespace Notifications.Api.RealTime;

/// <summary>The SignalR events of API.md (v1 and v2) and the payload each inbox event becomes.</summary>
public static class InboxEventNames
{
    public const string Notification = "notification";
    public const string Updated = "notification:updated";
    public const string Read = "notification:read";
    public const string Seen = "notification:seen";
    public const string Archived = "notification:archived";
    public const string Deleted = "notification:deleted";
    public const string Counts = "notification:counts";

    public static (string Name, object Payload) ToMessage(InboxEvent inboxEvent) => inboxEvent switch
    {
        NotificationCreatedEvent e => (Notification, NotificationResponse.From(e.Notification)),
        NotificationUpdatedEvent e => (Updated, NotificationResponse.From(e.Notification)),
        NotificationsReadEvent e => (Read, new ReadEventResponse(e.Ids, e.All, e.Type?.ToName(), e.ConversationId, e.ReadAt, e.UpToSeq)),
        NotificationsSeenEvent e => (Seen, new SeenEventResponse(e.UpToSeq, e.SeenAt)),
        NotificationsArchivedEvent e => (Archived, new ArchivedEventResponse(e.ArchivedAt)),
        NotificationDeletedEvent e => (Deleted, new DeletedEventResponse(e.Id)),
        CountsChangedEvent e => (Counts, CountsResponse.From(e.Counts)),
        _ => throw new ArgumentOutOfRangeException(nameof(inboxEvent), inboxEvent.GetType().Name, "Unknown inbox event."),
    };
}
