using Notifications.Grains.Storage;

namespace Notifications.Grains.Inbox;

/// <summary>
/// Every live notification of one inbox that has an expiry time, whether cached or not, with the
/// state its counts hold for it, so the inbox can take expired ones out of its counts the moment
/// they expire, before any cleanup job runs.
/// </summary>
internal sealed class ExpiryTracker
{
    private readonly PriorityQueue<string, DateTimeOffset> _byTime = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Tracks a notification, or tracks it anew (a replacement brings its own expiry, or none).</summary>
    public void Track(string id, DateTimeOffset? expiresAt, CountedState state)
    {
        if (expiresAt is not { } time)
        {
            _entries.Remove(id);
            return;
        }

        _entries[id] = new Entry(state, time);
        _byTime.Enqueue(id, time);
    }

    /// <summary>Records a tracked notification's new state; ignores untracked ones.</summary>
    public void Update(string id, CountedState state)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            _entries[id] = entry with { State = state };
        }
    }

    /// <summary>Forgets a deleted notification; its queue slot is skipped when its time comes.</summary>
    public void Forget(string id) => _entries.Remove(id);

    /// <summary>Removes and returns the notifications that expired at or before <paramref name="now"/>.</summary>
    public List<(string Id, CountedState State)> TakeExpired(DateTimeOffset now)
    {
        List<(string, CountedState)> expired = [];
        while (_byTime.TryPeek(out var id, out var expiresAt) && expiresAt <= now)
        {
            _byTime.Dequeue();

            // A slot whose time is not the entry's is left over from a replacement: skip it.
            if (_entries.TryGetValue(id, out var entry) && entry.ExpiresAt == expiresAt)
            {
                _entries.Remove(id);
                expired.Add((id, entry.State));
            }
        }

        return expired;
    }

    private readonly record struct Entry(CountedState State, DateTimeOffset ExpiresAt);
}
