namespace Notifications.Api.Validation;

/// <summary>A validated <c>POST /api/notifications</c>.</summary>
public sealed record CreateNotificationRequest(string UserId, NotificationDraft Draft);

/// <summary>A validated batch or broadcast: one draft for distinct, valid user ids, in the order sent.</summary>
public sealed record FanOutRequest(IReadOnlyList<string> UserIds, NotificationDraft Draft);

/// <summary>
/// The optional filter of <c>PATCH /api/notifications/read-all</c>; all null means every unread
/// notification in the inbox.
/// </summary>
public sealed record ReadAllFilter(NotificationType? Type, string? ConversationId, long? UpToSeq = null)
{
    public static ReadAllFilter None { get; } = new(null, null);
}

/// <summary>A validated <c>PATCH /api/notifications/seen</c>.</summary>
public sealed record SeenRequest(long UpToSeq);

/// <summary>A validated <c>PATCH /api/notifications/{id}/snooze</c>: a time after now, at most 30 days ahead, in UTC.</summary>
public sealed record SnoozeRequest(DateTimeOffset Until);

/// <summary>A validated <c>POST /api/notifications/retract</c>.</summary>
public sealed record RetractRequest(string MessageId);
