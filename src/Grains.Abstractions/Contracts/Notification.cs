namespace Notifications;

/// <summary>One stored notification, as the store holds it and as clients see it.</summary>
/// <remarks>Times are UTC with millisecond precision, so that they survive every store unchanged.</remarks>
[GenerateSerializer, Immutable, Alias("notifications.Notification")]
public sealed record Notification
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string UserId { get; init; }
    [Id(2)] public required long Seq { get; init; }

    /// <summary>What it says, as the inbox formatted it.</summary>
    [Id(3)] public required NotificationDetails Details { get; init; }

    [Id(4)] public bool IsRead { get; init; }
    [Id(5)] public DateTimeOffset? ReadAt { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public bool Silent { get; init; }

    /// <summary>The producer's idempotency key; never shown to end users.</summary>
    [Id(8)] public string? IdempotencyKey { get; init; }

    public bool IsExpiredAt(DateTimeOffset now) => Details.ExpiresAt is { } expiresAt && expiresAt <= now;
}
