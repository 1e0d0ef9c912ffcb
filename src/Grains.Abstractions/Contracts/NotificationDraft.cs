namespace Notifications;

/// <summary>
/// A validated request to notify one user: what a producer sent, already checked against the
/// contract's limits at the edge. The inbox still sanitizes, filters, formats and stamps it.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationDraft")]
public sealed record NotificationDraft
{
    [Id(0)] public required NotificationType Type { get; init; }
    [Id(1)] public string? Title { get; init; }
    [Id(2)] public string? Content { get; init; }

    /// <summary>Null means the type's default priority.</summary>
    [Id(3)] public NotificationPriority? Priority { get; init; }

    [Id(4)] public string? SenderId { get; init; }
    [Id(5)] public string? SenderUsername { get; init; }
    [Id(6)] public string? SenderAvatar { get; init; }
    [Id(7)] public string? MessagePreview { get; init; }
    [Id(8)] public string? ConversationId { get; init; }
    [Id(9)] public string? MessageId { get; init; }
    [Id(10)] public string? CallSessionId { get; init; }
    [Id(11)] public string? DataJson { get; init; }
    [Id(12)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(13)] public string? IdempotencyKey { get; init; }
}
