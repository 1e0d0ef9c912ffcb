namespace Notifications.Grains.Storage;

/// <summary>
/// What of a notification its inbox's counts depend on. The counts are kept by applying each
/// change as "remove the state before, add the state after", so this is all a change must report.
/// </summary>
public readonly record struct CountedState(NotificationType Type, NotificationPriority Priority, bool IsRead, bool IsSeen, InboxShelf Shelf)
{
    public static CountedState Of(Notification notification) => new(
        notification.Details.Type,
        notification.Details.Priority,
        notification.IsRead,
        notification.SeenAt is not null,
        notification.Shelf);
}
