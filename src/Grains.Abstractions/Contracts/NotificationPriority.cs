namespace Notifications;

/// <summary>How loud a notification is. <see cref="Urgent"/> ignores do-not-disturb.</summary>
public enum NotificationPriority
{
    Low,
    Normal,
    High,
    Urgent,
}
