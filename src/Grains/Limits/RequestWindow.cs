namespace Notifications.Grains.Limits;

/// <summary>
/// A fixed one-minute window of one user's requests (API.md allows fixed or sliding). Held by the
/// user's inbox, in memory: an inbox that moves to another silo starts a fresh window, which can
/// let a user through twice in that minute, never block one wrongly.
/// </summary>
public sealed class RequestWindow
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>Counts one request at <paramref name="now"/>; null when admitted, otherwise how long until the window ends.</summary>
    public TimeSpan? TryCount(int limit, DateTimeOffset now)
    {
        if (now - _start >= Length || now < _start)
        {
            (_start, _count) = (now, 0);
        }

        if (_count >= limit)
        {
            var wait = _start + Length - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }

        _count++;
        return null;
    }
}
