namespace Notifications;

/// <summary>What happened. Persisted and sent on the wire by its snake_case name (<see cref="NotificationTypeNames"/>).</summary>
public enum NotificationType
{
    NewMessage,
    MessageReply,
    UserMentioned,
    MessageReaction,
    ContactRequest,
    ContactAccepted,
    NewConversationDirect,
    NewConversationGroup,
    MemberJoined,
    MissedCall,
    System,
}

public static class NotificationTypes
{
    /// <summary>The priority a notification of <paramref name="type"/> gets when the producer sets none (SPEC §3).</summary>
    public static NotificationPriority DefaultPriority(this NotificationType type) => type switch
    {
        NotificationType.MessageReaction or NotificationType.MemberJoined => NotificationPriority.Low,
        NotificationType.ContactRequest or NotificationType.MissedCall => NotificationPriority.High,
        _ => NotificationPriority.Normal,
    };
}
