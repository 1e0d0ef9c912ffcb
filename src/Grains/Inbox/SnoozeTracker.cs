namespace Notifications.Grains.Inbox;

/// <summary>
/// Every snoozed notification of one inbox, cached or not, in the order they return: by
/// <c>snoozedUntil</c>, then by their seq before the return (API.md v2, pinned details).
/// </summary>
internal sealed class SnoozeTracker
{
    private readonly SortedSet<Entry> _byTime = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>When the next one returns; null when none is snoozed.</summary>
    public DateTimeOffset? Earliest => _byTime.Count == 0 ? null : _byTime.Min.Until;

    /// <summary>Tracks a snoozed notification at its (new) time, or forgets it when <paramref name="until"/> is null.</summary>
    public void Track(string id, long seq, DateTimeOffset? until)
    {
        Forget(id);
        if (until is { } time)
        {
            var entry = new Entry(time, seq, id);
            _entries[id] = entry;
            _byTime.Add(entry);
        }
    }

    public void Forget(string id)
    {
        if (_entries.Remove(id, out var entry))
        {
            _byTime.Remove(entry);
        }
    }

    /// <summary>The ids due at <paramref name="now"/>, in the order they return; they stay tracked until each return is written.</summary>
    public List<string> Due(DateTimeOffset now) => [.. _byTime.TakeWhile(e => e.Until <= now).Select(e => e.Id)];

    private readonly record struct Entry(DateTimeOffset Until, long Seq, string Id) : IComparable<Entry>
    {
        public int CompareTo(Entry other)
        {
            var byTime = Until.CompareTo(other.Until);
            if (byTime != 0)
            {
                return byTime;
            }

            var bySeq = Seq.CompareTo(other.Seq);
            return bySeq != 0 ? bySeq : string.CompareOrdinal(Id, other.Id);
        }
    }
}
