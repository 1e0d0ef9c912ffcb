namespace Notifications.Grains.Inbox;

/// <summary>
/// The newest notifications of one inbox, in seq order. It keeps one promise: every live
/// notification whose seq is at least <see cref="_floorSeq"/> is held here. Lists, lookups and
/// idempotency checks that stay above the floor are answered from memory; the rest go to the store.
/// </summary>
internal sealed class RecentNotifications(int capacity)
{
    private readonly List<Notification> _items = [];
    private readonly Dictionary<string, Notification> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Notification> _byIdempotencyKey = new(StringComparer.Ordinal);
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

    public bool TryGet(string id, out Notification notification) => _byId.TryGetValue(id, out notification!);

    public bool TryGetByIdempotencyKey(string key, out Notification notification) =>
        _byIdempotencyKey.TryGetValue(key, out notification!);

    /// <summary>Replaces a held notification with a changed copy (same id and seq); ignores unknown ones.</summary>
    public void Replace(Notification notification)
    {
        if (!_byId.ContainsKey(notification.Id))
        {
            return;
        }

        var index = IndexOfSeq(notification.Seq);
        _items[index] = notification;
        _byId[notification.Id] = notification;
        if (notification.IdempotencyKey is { } key
            && _byIdempotencyKey.TryGetValue(key, out var holder)
            && string.Equals(holder.Id, notification.Id, StringComparison.Ordinal))
        {
            _byIdempotencyKey[key] = notification;
        }
    }

    public void Remove(string id)
    {
        if (_byId.Remove(id, out var notification))
        {
            _items.RemoveAt(IndexOfSeq(notification.Seq));
            ForgetKey(notification);
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
        for (var i = _items.Count - 1; i >= 0 && matches.Count <= query.Limit; i--)
        {
            var item = _items[i];
            if (item.Seq < before && !item.IsExpiredAt(now) && query.Matches(item))
            {
                matches.Add(item);
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
        for (var i = FirstIndexAbove(afterSeq); i < _items.Count && matches.Count <= query.Limit; i++)
        {
            var item = _items[i];
            if (!item.IsExpiredAt(now) && query.Matches(item))
            {
                matches.Add(item);
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

    private void Append(Notification notification)
    {
        _items.Add(notification);
        _byId[notification.Id] = notification;
        if (notification.IdempotencyKey is { } key)
        {
            _byIdempotencyKey[key] = notification;
        }
    }

    private void Trim()
    {
        while (_items.Count > capacity)
        {
            var oldest = _items[0];
            _items.RemoveAt(0);
            _byId.Remove(oldest.Id);
            ForgetKey(oldest);

            _floorSeq = oldest.Seq + 1;
        }
    }

    // An expired notification's key may already belong to a newer one: forget only our own.
    private void ForgetKey(Notification notification)
    {
        if (notification.IdempotencyKey is { } key
            && _byIdempotencyKey.TryGetValue(key, out var holder)
            && string.Equals(holder.Id, notification.Id, StringComparison.Ordinal))
        {
            _byIdempotencyKey.Remove(key);
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
}
