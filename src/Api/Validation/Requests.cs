namespace Notifications.Api.Validation;

/// <summary>A validated <c>POST /api/notifications</c>.</summary>
public sealed record CreateNotificationRequest(string UserId, NotificationDraft Draft);

/// <summary>A validated batch or broadcast: one draft for distinct, valid user ids, in the order sent.</summary>
public sealed record FanOutRequest(IReadOnlyList<string> UserIds, NotificationDraft Draft);

/// <summary>The optional filter of <c>PATCH /api/notifications/read-all</c>; both null means every unread notification.</summary>
public sealed record ReadAllFilter(NotificationType? Type, string? ConversationId)
{
    public static ReadAllFilter None { get; } = new(null, null);
}
