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
