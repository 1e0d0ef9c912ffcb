using System.Collections.Immutable;

namespace Notifications;

/// <summary>
/// A user's counts. <see cref="Total"/>, <see cref="Unread"/>, <see cref="Unseen"/>,
/// <see cref="ByType"/> and <see cref="ByPriority"/> count the notifications in the inbox (neither
/// archived nor snoozed); the last two count unread ones and omit zeros. <see cref="Archived"/> and
/// <see cref="Snoozed"/> count those shelves. <see cref="LastSeq"/> is the highest seq ever
/// assigned (never decreases). Expired notifications are never counted.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.InboxCounts")]
public sealed record InboxCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Unread,
    [property: Id(2)] ImmutableSortedDictionary<NotificationType, int> ByType,
    [property: Id(3)] ImmutableSortedDictionary<NotificationPriority, int> ByPriority,
    [property: Id(4)] long LastSeq,
    [property: Id(5)] int Unseen = 0,
    [property: Id(6)] int Archived = 0,
    [property: Id(7)] int Snoozed = 0)
{
    public static InboxCounts Empty { get; } = new(0, 0, ImmutableSortedDictionary<NotificationType, int>.Empty, ImmutableSortedDictionary<NotificationPriority, int>.Empty, 0);

    // By value: two snapshots of the same counts are equal (the dictionaries alone compare by reference).
    public bool Equals(InboxCounts? other) =>
        other is not null
        && (Total, Unread, Unseen, Archived, Snoozed, LastSeq) == (other.Total, other.Unread, other.Unseen, other.Archived, other.Snoozed, other.LastSeq)
        && ByType.SequenceEqual(other.ByType)
        && ByPriority.SequenceEqual(other.ByPriority);

    public override int GetHashCode() => HashCode.Combine(Total, Unread, Unseen, Archived, Snoozed, LastSeq);
}
