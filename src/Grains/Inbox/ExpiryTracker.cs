namespace Notifications.Grains.Inbox;

/// <summary>
/// Every live notification of one inbox that has an expiry time, whether cached or not, so the
/// inbox can take expired ones out of its counts the moment they expire, before any cleanup job runs.
/// </summary>
internal sealed class ExpiryTracker
{
    private readonly PriorityQueue<string, DateTimeOffset> _byTime = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Track(string id, DateTimeOffset expiresAt, NotificationType type, NotificationPriority priority, bool isRead)
    {
        _entries[id] = new Entry(type, priority, isRead);
        _byTime.Enqueue(id, expiresAt);
    }

    public void MarkRead(string id)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            _entries[id] = entry with { IsRead = true };
        }
    }

    /// <summary>Forgets a deleted notification; its queue slot is skipped when its time comes.</summary>
    public void Forget(string id) => _entries.Remove(id);

    /// <summary>Removes and returns the notifications that expired at or before <paramref name="now"/>.</summary>
    public List<(string Id, Entry Entry)> TakeExpired(DateTimeOffset now)
    {
        List<(string, Entry)> expired = [];
        while (_byTime.TryPeek(out var id, out var expiresAt) && expiresAt <= now)
        {
            _byTime.Dequeue();
            if (_entries.Remove(id, out var entry))
            {
                expired.Add((id, entry));
            }
        }

        return expired;
    }

    public readonly record struct Entry(NotificationType Type, NotificationPriority Priority, bool IsRead);
}
