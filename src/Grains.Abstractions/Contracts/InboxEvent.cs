namespace Notifications;

/// <summary>A change an inbox pushes to its observers, in the order the inbox applied it.</summary>
[GenerateSerializer, Immutable, Alias("notifications.InboxEvent")]
public abstract record InboxEvent;

/// <summary>A notification was created (SignalR event <c>notification</c>).</summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationCreatedEvent")]
public sealed record NotificationCreatedEvent([property: Id(0)] Notification Notification) : InboxEvent;

/// <summary>
/// Notifications were marked read (SignalR event <c>notification:read</c>). When <see cref="All"/>
/// is true every unread notification matching the optional filter (and seq at most
/// <see cref="UpToSeq"/>, when set) was marked and <see cref="Ids"/> may be empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationsReadEvent")]
public sealed record NotificationsReadEvent(
    [property: Id(0)] IReadOnlyList<string> Ids,
    [property: Id(1)] bool All,
    [property: Id(2)] NotificationType? Type,
    [property: Id(3)] string? ConversationId,
    [property: Id(4)] DateTimeOffset ReadAt,
    [property: Id(5)] long? UpToSeq = null) : InboxEvent;

/// <summary>
/// An existing notification changed (SignalR event <c>notification:updated</c>): replaced by collapse
/// key, snoozed, back from snooze, archived or unarchived one by one, or an action taken.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationUpdatedEvent")]
public sealed record NotificationUpdatedEvent([property: Id(0)] Notification Notification) : InboxEvent;

/// <summary>Every unseen notification in the inbox with seq at most <see cref="UpToSeq"/> was seen (<c>notification:seen</c>).</summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationsSeenEvent")]
public sealed record NotificationsSeenEvent([property: Id(0)] long UpToSeq, [property: Id(1)] DateTimeOffset SeenAt) : InboxEvent;

/// <summary>Every read notification in the inbox was archived (<c>notification:archived</c>, after archive-read).</summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationsArchivedEvent")]
public sealed record NotificationsArchivedEvent([property: Id(0)] DateTimeOffset ArchivedAt) : InboxEvent;

/// <summary>A notification was deleted (SignalR event <c>notification:deleted</c>).</summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationDeletedEvent")]
public sealed record NotificationDeletedEvent([property: Id(0)] string Id) : InboxEvent;

/// <summary>The counts after a change (SignalR event <c>notification:counts</c>).</summary>
[GenerateSerializer, Immutable, Alias("notifications.CountsChangedEvent")]
public sealed record CountsChangedEvent([property: Id(0)] InboxCounts Counts) : InboxEvent;
