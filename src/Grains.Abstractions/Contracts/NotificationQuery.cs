namespace Notifications;

/// <summary>
/// One page of a user's list. Without <see cref="AfterSeq"/>: newest first, starting below
/// <see cref="BeforeSeq"/> when set (keyset pagination). With it: items with seq &gt; AfterSeq,
/// oldest first (catch-up). Filters apply in both modes. Expired notifications never match.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationQuery")]
public sealed record NotificationQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    [Id(0)] public int Limit { get; init; } = DefaultLimit;
    [Id(1)] public long? BeforeSeq { get; init; }
    [Id(2)] public long? AfterSeq { get; init; }
    [Id(3)] public NotificationType? Type { get; init; }
    [Id(4)] public bool? IsRead { get; init; }
    [Id(5)] public string? ConversationId { get; init; }
    [Id(6)] public bool Archived { get; init; }
    [Id(7)] public bool Snoozed { get; init; }

    /// <summary>
    /// The one shelf this query lists; null when it asks for archived and snoozed ones at once, which
    /// no notification ever is (archiving ends a snooze): then nothing matches.
    /// </summary>
    public InboxShelf? Shelf => (Archived, Snoozed) switch
    {
        (true, true) => null,
        (true, false) => InboxShelf.Archived,
        (false, true) => InboxShelf.Snoozed,
        (false, false) => InboxShelf.Inbox,
    };

    public bool Matches(Notification n) =>
        n.Shelf == Shelf
        && (Type is not { } type || n.Details.Type == type)
        && (IsRead is not { } isRead || n.IsRead == isRead)
        && (ConversationId is null || string.Equals(n.Details.ConversationId, ConversationId, StringComparison.Ordinal));
}

/// <summary>A page of notifications; <see cref="HasMore"/> is true when more items match after the last one.</summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationPage")]
public sealed record NotificationPage(
    [property: Id(0)] IReadOnlyList<Notification> Items,
    [property: Id(1)] bool HasMore);
