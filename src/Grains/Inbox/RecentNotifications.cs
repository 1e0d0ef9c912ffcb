using Notifications.Grains.Storage;
using Orleans.Serialization;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The newest notifications of one inbox, every shelf, in seq order. It keeps one promise: every
/// live notification whose seq is at least <see cref="_floorSeq"/> is held here. Lists, lookups,
/// idempotency and collapse checks that stay above the floor are answered from memory; the rest go
/// to the store. A notification that takes a new seq (a replacement, a return from snooze) moves
/// to the top, so the promise holds through seq changes.
/// </summary>
/// <remarks>
/// Each notification is held as one byte array (its Orleans serialization) beside the few fields
/// the filters and the set-based changes need, not as the dozen objects (records and strings) it
/// is made of: held notifications outlive many collections, and the garbage collector's pauses
/// grow with the objects it must trace and copy (bench/RESULTS.md, "What limits it"). A lookup or
/// a list deserializes only what it returns.
/// </remarks>
internal sealed class RecentNotifications(int capacity, Serializer<Notification> serializer)
{
    private readonly List<Held> _items = [];
    private readonly Dictionary<NotificationIdKey, long> _seqById = [];

    // Keys of held notifications (several may be folded into one). Entries of notifications that
    // left are dropped when looked up or swept, not tracked per notification.
    private readonly Dictionary<string, NotificationIdKey> _idByKey = new(StringComparer.Ordinal);
    private long _floorSeq;

    /// <summary>True when the store holds no live notification that is not here.</summary>
    public bool IsComplete => _floorSeq <= 1;

    /// <summary>Fills the cache from the store's newest live notifications (newest first) and their keys.</summary>
    public void Load(IReadOnlyList<Notification> newestFirst, IReadOnlyList<KeyBinding> keys, int requested)
    {
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            Append(newestFirst[i]);
        }

        foreach (var binding in keys)
        {
            _idByKey[binding.IdempotencyKey] = NotificationIdKey.Of(binding.NotificationId);
        }

        _floorSeq = newestFirst.Count < requested || newestFirst.Count == 0 ? 0 : newestFirst[^1].Seq;
        Trim();
    }

    /// <summary>
    /// Holds a notification's current version, bound to <paramref name="idempotencyKey"/> when given:
    /// a new one (its seq above every held one), one that moved to the top with a new seq, or one
    /// changed in place. One below the floor that did not move is not held and stays so.
    /// </summary>
    public void Put(Notification notification, string? idempotencyKey = null)
    {
        var idKey = NotificationIdKey.Of(notification.Id);
        if (_seqById.TryGetValue(idKey, out var heldSeq))
        {
            var index = IndexOfSeq(heldSeq);
            if (heldSeq == notification.Seq)
            {
                _items[index] = ToHeld(notification, idKey);
            }
            else
            {
                _items.RemoveAt(index);
                Insert(notification, idKey);
            }
        }
        else if (notification.Seq >= _floorSeq)
        {
            Insert(notification, idKey);
        }
        else
        {
            return;
        }

        if (idempotencyKey is not null)
        {
            _idByKey[idempotencyKey] = idKey;
        }

        Trim();
    }

    public bool Contains(string id) => _seqById.ContainsKey(NotificationIdKey.Of(id));

    public bool TryGet(string id, out Notification notification) =>
        TryMaterialize(_seqById.TryGetValue(NotificationIdKey.Of(id), out var seq), seq, out notification);

    /// <summary>The held notification the key is bound to; false when none is held (it may still be in the store).</summary>
    public bool TryGetByIdempotencyKey(string key, out Notification notification)
    {
        if (_idByKey.TryGetValue(key, out var idKey))
        {
            if (_seqById.TryGetValue(idKey, out var seq))
            {
                return TryMaterialize(true, seq, out notification);
            }

            _idByKey.Remove(key);
        }

        notification = null!;
        return false;
    }

    /// <summary>
    /// Decides from memory which notification a create with <paramref name="collapseKey"/> replaces
    /// (the held one with the highest seq that is live, unread and in the inbox). False when memory
    /// cannot tell: none is held and the store may hold one below the floor.
    /// </summary>
    public bool TryFindCollapseTarget(string collapseKey, DateTimeOffset now, out Notification? target)
    {
        var hash = HashOf(collapseKey);
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            var item = _items[i];
            if (item.CollapseKeyHash == hash && !item.IsRead && item.Shelf == InboxShelf.Inbox && !item.IsExpiredAt(now)
                && Materialize(item) is { } candidate
                && string.Equals(candidate.Details.CollapseKey, collapseKey, StringComparison.Ordinal))
            {
                target = candidate;
                return true;
            }
        }

        target = null;
        return IsComplete;
    }

    /// <summary>Records that a held notification was read (and seen, if it was not); ignores unknown ones.</summary>
    public void MarkRead(string id, DateTimeOffset readAt) =>
        Change(id, item => item with { IsRead = true, ReadAt = HeldTime.Of(readAt), SeenAt = item.SeenAt.HasValue ? item.SeenAt : HeldTime.Of(readAt) });

    public void MarkSeen(string id, DateTimeOffset seenAt) => Change(id, item => item with { SeenAt = item.SeenAt.HasValue ? item.SeenAt : HeldTime.Of(seenAt) });

    public void MarkArchived(string id, DateTimeOffset archivedAt) => Change(id, item => item with { ArchivedAt = HeldTime.Of(archivedAt) });

    public void Remove(string id)
    {
        if (_seqById.Remove(NotificationIdKey.Of(id), out var seq))
        {
            _items.RemoveAt(IndexOfSeq(seq));
            SweepKeys();
        }
    }

    /// <summary>
    /// Answers a list query from memory when every notification it could return is held here;
    /// false means the caller must ask the store.
    /// </summary>
    public bool TryList(NotificationQuery query, DateTimeOffset now, out NotificationPage page)
    {
        return query.AfterSeq is { } afterSeq
            ? TryListOldestFirst(query, afterSeq, now, out page)
            : TryListNewestFirst(query, now, out page);
    }

    private bool TryListNewestFirst(NotificationQuery query, DateTimeOffset now, out NotificationPage page)
    {
        var matches = new List<Notification>(Math.Min(query.Limit + 1, _items.Count));
        var before = query.BeforeSeq ?? long.MaxValue;
        var filter = new Filter(query);
        for (var i = _items.Count - 1; i >= 0 && matches.Count <= query.Limit; i--)
        {
            var item = _items[i];
            if (item.Seq < before && filter.MayMatch(item, now) && Materialize(item) is var notification && query.Matches(notification))
            {
                matches.Add(notification);
            }
        }

        // Fewer matches than asked for: the rest may lie below the floor, in the store only.
        if (matches.Count <= query.Limit && !IsComplete)
        {
            page = null!;
            return false;
        }

        page = ToPage(matches, query.Limit);
        return true;
    }

    private bool TryListOldestFirst(NotificationQuery query, long afterSeq, DateTimeOffset now, out NotificationPage page)
    {
        if (!IsComplete && afterSeq + 1 < _floorSeq)
        {
            page = null!;
            return false;
        }

        var matches = new List<Notification>(Math.Min(query.Limit + 1, _items.Count));
        var filter = new Filter(query);
        for (var i = FirstIndexAbove(afterSeq); i < _items.Count && matches.Count <= query.Limit; i++)
        {
            var item = _items[i];
            if (filter.MayMatch(item, now) && Materialize(item) is var notification && query.Matches(notification))
            {
                matches.Add(notification);
            }
        }

        page = ToPage(matches, query.Limit);
        return true;
    }

    private static NotificationPage ToPage(List<Notification> matches, int limit)
    {
        var hasMore = matches.Count > limit;
        if (hasMore)
        {
            matches.RemoveAt(matches.Count - 1);
        }

        return new NotificationPage(matches, hasMore);
    }

    private void Change(string id, Func<Held, Held> change)
    {
        if (_seqById.TryGetValue(NotificationIdKey.Of(id), out var seq))
        {
            var index = IndexOfSeq(seq);
            _items[index] = change(_items[index]);
        }
    }

    private bool TryMaterialize(bool found, long seq, out Notification notification)
    {
        notification = found ? Materialize(_items[IndexOfSeq(seq)]) : null!;
        return found;
    }

    private Notification Materialize(Held item)
    {
        var notification = serializer.Deserialize(item.Payload)!;
        var (readAt, seenAt, archivedAt) = (item.ReadAt.Value, item.SeenAt.Value, item.ArchivedAt.Value);
        return notification.IsRead == item.IsRead && notification.ReadAt == readAt
            && notification.SeenAt == seenAt && notification.ArchivedAt == archivedAt
            ? notification
            : notification with { IsRead = item.IsRead, ReadAt = readAt, SeenAt = seenAt, ArchivedAt = archivedAt };
    }

    private Held ToHeld(Notification notification, NotificationIdKey idKey) => new(
        notification.Seq,
        idKey,
        serializer.SerializeToArray(notification),
        notification.Details.Type,
        HashOf(notification.Details.ConversationId),
        HashOf(notification.Details.CollapseKey),
        HeldTime.Of(notification.Details.ExpiresAt),
        notification.SnoozedUntil is not null,
        notification.IsRead,
        HeldTime.Of(notification.ReadAt),
        HeldTime.Of(notification.SeenAt),
        HeldTime.Of(notification.ArchivedAt));

    private void Append(Notification notification)
    {
        var idKey = NotificationIdKey.Of(notification.Id);
        _items.Add(ToHeld(notification, idKey));
        _seqById[idKey] = notification.Seq;
    }

    private void Insert(Notification notification, NotificationIdKey idKey)
    {
        _items.Insert(FirstIndexAbove(notification.Seq), ToHeld(notification, idKey));
        _seqById[idKey] = notification.Seq;
    }

    private void Trim()
    {
        var trimmed = false;
        while (_items.Count > capacity)
        {
            var oldest = _items[0];
            _items.RemoveAt(0);
            _seqById.Remove(oldest.IdKey);
            _floorSeq = oldest.Seq + 1;
            trimmed = true;
        }

        if (trimmed)
        {
            SweepKeys();
        }
    }

    /// <summary>Drops the keys of notifications no longer held once they could outnumber the held ones.</summary>
    private void SweepKeys()
    {
        if (_idByKey.Count <= (2 * _items.Count) + 64)
        {
            return;
        }

        foreach (var (key, idKey) in _idByKey)
        {
            if (!_seqById.ContainsKey(idKey))
            {
                _idByKey.Remove(key);
            }
        }
    }

    private int IndexOfSeq(long seq)
    {
        var index = FirstIndexAbove(seq - 1);
        return index < _items.Count && _items[index].Seq == seq
            ? index
            : throw new InvalidOperationException($"Seq {seq} is not cached.");
    }

    /// <summary>The index of the first held item whose seq is greater than <paramref name="seq"/> (binary search).</summary>
    private int FirstIndexAbove(long seq)
    {
        int lo = 0, hi = _items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid].Seq <= seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // In-process hashes: candidates are confirmed on the deserialized notification.
    private static int HashOf(string? text) => text is null ? 0 : StringComparer.Ordinal.GetHashCode(text);

    /// <summary>
    /// One held notification: its serialized form and what the filters read without deserializing
    /// it. The read, seen and archived state lives here, not in the payload, so the set-based changes
    /// (read-all, seen, archive-read) rewrite no bytes; any other change re-serializes it (<see cref="Put"/>).
    /// </summary>
    private readonly record struct Held(
        long Seq,
        NotificationIdKey IdKey,
        byte[] Payload,
        NotificationType Type,
        int ConversationHash,
        int CollapseKeyHash,
        HeldTime ExpiresAt,
        bool IsSnoozed,
        bool IsRead,
        HeldTime ReadAt,
        HeldTime SeenAt,
        HeldTime ArchivedAt)
    {
        public InboxShelf Shelf => ArchivedAt.HasValue ? InboxShelf.Archived : IsSnoozed ? InboxShelf.Snoozed : InboxShelf.Inbox;

        public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt.HasValue && ExpiresAt.UtcTicks <= now.UtcTicks;
    }

    /// <summary>
    /// A time or none in 8 bytes, where a <c>DateTimeOffset?</c> takes 24: UTC ticks, 0 for none (no
    /// notification is from year 1). Four per held notification, thousands per inbox.
    /// </summary>
    private readonly record struct HeldTime(long UtcTicks)
    {
        public bool HasValue => UtcTicks != 0;

        public DateTimeOffset? Value => HasValue ? new DateTimeOffset(UtcTicks, TimeSpan.Zero) : null;

        public static HeldTime Of(DateTimeOffset? time) => new(time?.UtcTicks ?? 0);
    }

    /// <summary>
    /// What of a query can be decided from <see cref="Held"/> alone. A conversation is compared by
    /// hash, so a candidate is confirmed by <see cref="NotificationQuery.Matches"/> once deserialized.
    /// </summary>
    private readonly struct Filter(NotificationQuery query)
    {
        private readonly int _conversationHash = HashOf(query.ConversationId);

        public bool MayMatch(Held item, DateTimeOffset now) =>
            !item.IsExpiredAt(now)
            && item.Shelf == query.Shelf
            && (query.Type is not { } type || item.Type == type)
            && (query.IsRead is not { } isRead || item.IsRead == isRead)
            && (query.ConversationId is null || item.ConversationHash == _conversationHash);
    }
}
