using System.Collections.Concurrent;

namespace Notifications.Bench.BareSignalR;

/// <summary>The Notification of API.md, property for property and in its order.</summary>
public sealed record Notification(
    string Id,
    string UserId,
    long Seq,
    string Type,
    string Title,
    string? Content,
    string Priority,
    bool IsRead,
    DateTimeOffset? ReadAt,
    DateTimeOffset CreatedAt,
    string? SenderId,
    string? SenderUsername,
    string? SenderAvatar,
    string? MessagePreview,
    string? ConversationId,
    string? MessageId,
    string? CallSessionId,
    RawJson? Data,
    DateTimeOffset? ExpiresAt,
    bool Silent);

/// <summary>The Counts of API.md (by type and by priority count unread notifications).</summary>
public sealed record Counts(int Total, int Unread, Dictionary<string, int> ByType, Dictionary<string, int> ByPriority, long LastSeq);

/// <summary>Every user's inbox, created on first use and kept for the life of the process.</summary>
public sealed class Inboxes
{
    private readonly ConcurrentDictionary<string, Inbox> _inboxes = new(StringComparer.Ordinal);

    public Inbox Get(string userId) => _inboxes.GetOrAdd(userId, static id => new Inbox(id));

    public Inbox? Find(string userId) => _inboxes.TryGetValue(userId, out var inbox) ? inbox : null;
}

/// <summary>
/// One user's seq, counts and a small ring of recent notifications (enough for a client's
/// catch-up after a short drop, and for mark-read). Changes and their pushes are serialized per
/// user through <see cref="Gate"/>, so a user's events leave in seq order, as the service's do.
/// </summary>
public sealed class Inbox(string userId)
{
    /// <summary>Recent notifications kept per user; older ones are forgotten (no list beyond this).</summary>
    public const int RecentCapacity = 32;

    private readonly Notification?[] _recent = new Notification?[RecentCapacity];
    private readonly Dictionary<string, int> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byPriority = new(StringComparer.Ordinal);
    private long _seq;
    private int _total;
    private int _unread;

    public string UserId { get; } = userId;

    public string Group { get; } = "u:" + userId;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Assigns the next seq; call under <see cref="Gate"/>.</summary>
    public Notification Add(Func<long, Notification> create)
    {
        var n = create(++_seq);
        _recent[n.Seq % RecentCapacity] = n;
        _total++;
        _unread++;
        Increment(_byType, n.Type, 1);
        Increment(_byPriority, n.Priority, 1);
        return n;
    }

    /// <summary>Marks one recent notification read; null when it is not among the recent ones. Call under <see cref="Gate"/>.</summary>
    public (Notification Notification, bool Changed)? MarkRead(string id, DateTimeOffset now)
    {
        for (var i = 0; i < _recent.Length; i++)
        {
            if (_recent[i] is { } n && n.Id == id)
            {
                if (n.IsRead)
                {
                    return (n, false);
                }

                var read = n with { IsRead = true, ReadAt = now };
                _recent[i] = read;
                _unread--;
                Increment(_byType, n.Type, -1);
                Increment(_byPriority, n.Priority, -1);
                return (read, true);
            }
        }

        return null;
    }

    /// <summary>Newest first, or with <paramref name="afterSeq"/> the ones after it oldest first. Call under <see cref="Gate"/>.</summary>
    public List<Notification> List(int limit, long? afterSeq)
    {
        var items = new List<Notification>(Math.Min(limit, RecentCapacity));
        var oldest = Math.Max(1, _seq - RecentCapacity + 1);
        if (afterSeq is { } after)
        {
            for (var seq = Math.Max(oldest, after + 1); seq <= _seq && items.Count < limit; seq++)
            {
                items.Add(_recent[seq % RecentCapacity]!);
            }
        }
        else
        {
            for (var seq = _seq; seq >= oldest && items.Count < limit; seq--)
            {
                items.Add(_recent[seq % RecentCapacity]!);
            }
        }

        return items;
    }

    /// <summary>A snapshot of the counts; call under <see cref="Gate"/>.</summary>
    public Counts Counts() => new(_total, _unread, new Dictionary<string, int>(_byType), new Dictionary<string, int>(_byPriority), _seq);

    private static void Increment(Dictionary<string, int> counts, string key, int delta)
    {
        var value = counts.GetValueOrDefault(key) + delta;
        if (value == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = value;
        }
    }
}
