namespace Notifications.Grains.Domain;

/// <summary>Which types a muted conversation silences (API.md): mentions and the rest still pass.</summary>
public static class MuteRules
{
    public static bool IsMutable(NotificationType type) => type is
        NotificationType.NewMessage or NotificationType.MessageReply or
        NotificationType.MessageReaction or NotificationType.MemberJoined;
}
