namespace Notifications;

/// <summary>The answer to a change of many notifications at once: how many changed, and the counts after it.</summary>
[GenerateSerializer, Immutable, Alias("notifications.InboxChange")]
public sealed record InboxChange([property: Id(0)] int Updated, [property: Id(1)] InboxCounts Counts);

/// <summary>What became of a change of one notification that the inbox may refuse.</summary>
public enum NotificationChangeStatus
{
    /// <summary>Done (or already so); <see cref="NotificationChange.Notification"/> is the notification now.</summary>
    Done,
    NotFound,

    /// <summary>A snooze of an archived notification (a 400 on <c>id</c>).</summary>
    Archived,

    /// <summary>The notification has no action with that id (a 404).</summary>
    UnknownAction,

    /// <summary>Another of its actions was taken already (a 409).</summary>
    OtherActionTaken,
}

[GenerateSerializer, Immutable, Alias("notifications.NotificationChange")]
public sealed record NotificationChange(
    [property: Id(0)] NotificationChangeStatus Status,
    [property: Id(1)] Notification? Notification = null)
{
    public static NotificationChange NotFound { get; } = new(NotificationChangeStatus.NotFound);

    public static NotificationChange Done(Notification notification) => new(NotificationChangeStatus.Done, notification);
}
