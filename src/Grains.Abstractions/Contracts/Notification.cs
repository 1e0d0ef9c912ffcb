namespace Notifications;

/// <summary>One stored notification, as the store holds it and as clients see it.</summary>
/// <remarks>Times are UTC with millisecond precision, so that they survive every store unchanged.</remarks>
[GenerateSerializer, Immutable, Alias("notifications.Notification")]
public sealed record Notification
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string UserId { get; init; }
    [Id(2)] public required long Seq { get; init; }
    [Id(3)] public required NotificationType Type { get; init; }
    [Id(4)] public required string Title { get; init; }
    [Id(5)] public string? Content { get; init; }
    [Id(6)] public required NotificationPriority Priority { get; init; }
    [Id(7)] public bool IsRead { get; init; }
    [Id(8)] public DateTimeOffset? ReadAt { get; init; }
    [Id(9)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(10)] public string? SenderId { get; init; }
    [Id(11)] public string? SenderUsername { get; init; }
    [Id(12)] public string? SenderAvatar { get; init; }
    [Id(13)] public string? MessagePreview { get; init; }
    [Id(14)] public string? ConversationId { get; init; }
    [Id(15)] public string? MessageId { get; init; }
    [Id(16)] public string? CallSessionId { get; init; }

    /// <summary>The producer's <c>data</c> object as JSON text, exactly as received; null when absent.</summary>
    [Id(17)] public string? DataJson { get; init; }

    [Id(18)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(19)] public bool Silent { get; init; }

    /// <summary>The producer's idempotency key; never shown to end users.</summary>
    [Id(20)] public string? IdempotencyKey { get; init; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;
}
