using Orleans.Serialization;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The newest notifications of one inbox, in seq order. It keeps one promise: every live
/// notification whose seq is at least <see cref="_floorSeq"/> is held here. Lists, lookups and
/// idempotency checks that stay above the floor are answered from memory; the rest go to the store.
/// </summary>
/// <remarks>
/// Each notification is held as one byte array (its Orleans serialization) beside the few fields
/// the filters and the read state need, not as the dozen objects (records and strings) it is made
/// of: held notifications outlive many collections, and the garbage collector's pauses grow with
/// the objects it must trace and copy (bench/RESULTS.md, "What limits it"). A lookup or a list
/// deserializes only what it returns.
/// </remarks>
internal sealed class RecentNotifications(int capacity, Serializer<Notification> serializer)
{
    private readonly List<Held> _items = [];
    private readonly Dictionary<NotificationIdKey, long> _seqById = [];
    private readonly Dictionary<string, long> _seqByIdempotencyKey = new(StringComparer.Ordinal);
    private long _floorSeq;

    /// <summary>True when the store holds no live notification that is not here.</summary>
    public bool IsComplete => _floorSeq <= 1;

    /// <summary>Fills the cache from the store's newest live notifications (newest first).</summary>
    public void Load(IReadOnlyList<Notification> newestFirst, int requested)
    {
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            Append(newestFirst[i]);
        }

        _floorSeq = newestFirst.Count < requested || newestFirst.Count == 0 ? 0 : newestFirst[^1].Seq;
        Trim();
    }

    /// <summary>Adds a new notification; its seq is above every held one.</summary>
    public void Add(Notification notification)
    {
        Append(notification);
        Trim();
    }

    public bool Contains(string id) => _seqById.ContainsKey(NotificationIdKey.Of(id));

    public bool TryGet(string id, out Notification notification) =>
        TryMaterialize(_seqById.TryGetValue(NotificationIdKey.Of(id), out var seq), seq, out notification);

    public bool TryGetByIdempotencyKey(string key, out Notification notification) =>
        TryMaterialize(_seqByIdempotencyKey.TryGetValue(key, out var seq), seq, out notification);

    /// <summary>Records that a held notification was read; ignores unknown ones.</summary>
    public void MarkRead(string id, DateTimeOffset? readAt)
    {
        if (_seqById.TryGetValue(NotificationIdKey.Of(id), out var seq))
        {
            var index = IndexOfSeq(seq);
            _items[index] = _items[index] with { IsRead = true, ReadAt = readAt };
        }
    }

    public void Remove(string id)
    {
        if (_seqById.Remove(NotificationIdKey.Of(id), out var seq))
        {
            var index = IndexOfSeq(seq);
            ForgetKey(_items[index]);
            _items.RemoveAt(index);
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

    private bool TryMaterialize(bool found, long seq, out Notification notification)
    {
        notification = found ? Materialize(_items[IndexOfSeq(seq)]) : null!;
        return found;
    }

    private Notification Materialize(Held item)
    {
        var notification = serializer.Deserialize(item.Payload)!;
        return notification.IsRead == item.IsRead && notification.ReadAt == item.ReadAt
            ? notification
            : notification with { IsRead = item.IsRead, ReadAt = item.ReadAt };
    }

    private void Append(Notification notification)
    {
        var idKey = NotificationIdKey.Of(notification.Id);
        _items.Add(new Held(
            notification.Seq,
            idKey,
            serializer.SerializeToArray(notification),
            notification.Details.Type,
            Filter.HashOf(notification.Details.ConversationId),
            notification.Details.ExpiresAt,
            notification.IdempotencyKey,
            notification.IsRead,
            notification.ReadAt));
        _seqById[idKey] = notification.Seq;
        if (notification.IdempotencyKey is { } key)
        {
            _seqByIdempotencyKey[key] = notification.Seq;
        }
    }

    private void Trim()
    {
        while (_items.Count > capacity)
        {
            var oldest = _items[0];
            _items.RemoveAt(0);
            _seqById.Remove(oldest.IdKey);
            ForgetKey(oldest);

            _floorSeq = oldest.Seq + 1;
        }
    }

    // An expired notification's key may already belong to a newer one: forget only our own.
    private void ForgetKey(Held item)
    {
        if (item.IdempotencyKey is { } key
            && _seqByIdempotencyKey.TryGetValue(key, out var holder)
            && holder == item.Seq)
        {
            _seqByIdempotencyKey.Remove(key);
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

    /// <summary>
    /// One held notification: its serialized form and what the filters read without deserializing
    /// it. The read state lives here, not in the payload, so marking read rewrites no bytes.
    /// </summary>
    private readonly record struct Held(
        long Seq,
        NotificationIdKey IdKey,
        byte[] Payload,
        NotificationType Type,
        int ConversationHash,
        DateTimeOffset? ExpiresAt,
        string? IdempotencyKey,
        bool IsRead,
        DateTimeOffset? ReadAt);

    /// <summary>
    /// What of a query can be decided from <see cref="Held"/> alone. A conversation is compared by
    /// hash, so a candidate is confirmed by <see cref="NotificationQuery.Matches"/> once deserialized.
    /// </summary>
    private readonly struct Filter(NotificationQuery query)
    {
        private readonly int _conversationHash = HashOf(query.ConversationId);

        public static int HashOf(string? conversationId) =>
            conversationId is null ? 0 : StringComparer.Ordinal.GetHashCode(conversationId);

        public bool MayMatch(Held item, DateTimeOffset now) =>
            (item.ExpiresAt is not { } expiresAt || expiresAt > now)
            && (query.Type is not { } type || item.Type == type)
            && (query.IsRead is not { } isRead || item.IsRead == isRead)
            && (query.ConversationId is null || item.ConversationHash == _conversationHash);
    }
}
