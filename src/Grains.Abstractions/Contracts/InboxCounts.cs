using System.Collections.Immutable;

namespace Notifications;

/// <summary>
/// A user's counts. <see cref="ByType"/> and <see cref="ByPriority"/> count unread notifications
/// and omit zeros. <see cref="LastSeq"/> is the highest seq ever assigned (never decreases).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.InboxCounts")]
public sealed record InboxCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Unread,
    [property: Id(2)] ImmutableSortedDictionary<NotificationType, int> ByType,
    [property: Id(3)] ImmutableSortedDictionary<NotificationPriority, int> ByPriority,
    [property: Id(4)] long LastSeq)
{
    public static InboxCounts Empty { get; } = new(0, 0, ImmutableSortedDictionary<NotificationType, int>.Empty, ImmutableSortedDictionary<NotificationPriority, int>.Empty, 0);
}
