namespace Notifications;

/// <summary>One stored notification, as the store holds it and as clients see it.</summary>
/// <remarks>
/// Times are UTC with millisecond precision, so that they survive every store unchanged.
/// <see cref="Seq"/> and <see cref="CreatedAt"/> are those of the last change that put it at the
/// top of the inbox: its creation, a replacement by collapse key or its return from snooze.
/// </remarks>
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

    // Id(8) was the idempotency key: keys now live beside the notification (many may be folded into one).

    /// <summary>When the user saw it (the bell opened over it); a read notification is always seen.</summary>
    [Id(9)] public DateTimeOffset? SeenAt { get; init; }

    [Id(10)] public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>When it returns to the inbox; null unless snoozed.</summary>
    [Id(11)] public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>How many creates it stands for: 1, plus one per replacement by its collapse key.</summary>
    [Id(12)] public int CollapsedCount { get; init; } = 1;

    /// <summary>The id of the action the user took, of <see cref="NotificationDetails.Actions"/>.</summary>
    [Id(13)] public string? ActedAction { get; init; }

    [Id(14)] public DateTimeOffset? ActedAt { get; init; }

    public bool IsExpiredAt(DateTimeOffset now) => Details.ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>Where it sits: the inbox, the archive or snoozed (never two at once).</summary>
    public InboxShelf Shelf => ArchivedAt is not null ? InboxShelf.Archived : SnoozedUntil is not null ? InboxShelf.Snoozed : InboxShelf.Inbox;
}

/// <summary>
/// Where a notification sits. Counts' total, unread, unseen, by type and by priority cover the
/// inbox only; the archive and the snoozed ones have a count each (API.md, v2 counts).
/// </summary>
public enum InboxShelf
{
    Inbox,
    Archived,
    Snoozed,
}
