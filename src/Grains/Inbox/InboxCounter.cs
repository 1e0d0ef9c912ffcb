using System.Collections.Immutable;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The live counts of one inbox, kept by applying each change the inbox makes: total, unread,
/// and unread by type and by priority. Only the inbox (the single writer) touches it.
/// </summary>
internal sealed class InboxCounter
{
    private readonly int[] _unreadByType = new int[NotificationTypeNames.AllTypes.Count];
    private readonly int[] _unreadByPriority = new int[NotificationTypeNames.AllPriorities.Count];
    private int _total;
    private int _unread;

    public int Total => _total;

    public int Unread => _unread;

    public void Add(NotificationType type, NotificationPriority priority, bool isRead, int count = 1)
    {
        _total += count;
        if (!isRead)
        {
            ChangeUnread(type, priority, count);
        }
    }

    public void Remove(NotificationType type, NotificationPriority priority, bool isRead) => Add(type, priority, isRead, -1);

    public void MarkRead(NotificationType type, NotificationPriority priority) => ChangeUnread(type, priority, -1);

    public InboxCounts Snapshot(long lastSeq) => new(
        _total,
        _unread,
        NonZero(_unreadByType, i => (NotificationType)i),
        NonZero(_unreadByPriority, i => (NotificationPriority)i),
        lastSeq);

    private void ChangeUnread(NotificationType type, NotificationPriority priority, int delta)
    {
        _unread += delta;
        _unreadByType[(int)type] += delta;
        _unreadByPriority[(int)priority] += delta;
    }

    private static ImmutableSortedDictionary<TKey, int> NonZero<TKey>(int[] counts, Func<int, TKey> key)
        where TKey : notnull
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<TKey, int>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                builder.Add(key(i), counts[i]);
            }
        }

        return builder.ToImmutable();
    }
}
