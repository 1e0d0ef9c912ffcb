namespace Notifications.Grains.Domain;

/// <summary>Notification ids: opaque, unique and time-ordered (UUID v7 as 32 hex digits).</summary>
public static class NotificationIds
{
    public static string New(DateTimeOffset createdAt) => Guid.CreateVersion7(createdAt).ToString("N");
}
