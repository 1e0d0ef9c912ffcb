using System.Collections.Immutable;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The live counts of one inbox, kept by applying each change the inbox makes as "remove the
/// state before, add the state after" (<see cref="CountedState"/>): for the inbox shelf total,
/// unread, unseen, and unread by type and by priority; a count for the archive and one for the
/// snoozed. Only the inbox (the single writer) touches it.
/// </summary>
internal sealed class InboxCounter
{
    private readonly int[] _unreadByType = new int[NotificationTypeNames.AllTypes.Count];
    private readonly int[] _unreadByPriority = new int[NotificationTypeNames.AllPriorities.Count];
    private int _total;
    private int _unread;
    private int _unseen;
    private int _archived;
    private int _snoozed;

    /// <summary>Every live notification, whatever its shelf (the retention cap counts them all).</summary>
    public int Live => _total + _archived + _snoozed;

    public int Unread => _unread;

    public int Unseen => _unseen;

    /// <summary>Read notifications in the inbox shelf (what archive-read would move).</summary>
    public int ReadInInbox => _total - _unread;

    public void Add(CountedState state, int count = 1)
    {
        switch (state.Shelf)
        {
            case InboxShelf.Archived:
                _archived += count;
                return;
            case InboxShelf.Snoozed:
                _snoozed += count;
                return;
        }

        _total += count;
        if (!state.IsSeen)
        {
            _unseen += count;
        }

        if (!state.IsRead)
        {
            _unread += count;
            _unreadByType[(int)state.Type] += count;
            _unreadByPriority[(int)state.Priority] += count;
        }
    }

    public void Remove(CountedState state) => Add(state, -1);

    public void Change(CountedState before, CountedState after)
    {
        if (before != after)
        {
            Remove(before);
            Add(after);
        }
    }

    public InboxCounts Snapshot(long lastSeq) => new(
        _total,
        _unread,
        NonZero(_unreadByType, i => (NotificationType)i),
        NonZero(_unreadByPriority, i => (NotificationPriority)i),
        lastSeq,
        _unseen,
        _archived,
        _snoozed);

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
