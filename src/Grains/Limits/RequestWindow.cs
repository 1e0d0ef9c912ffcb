namespace Notifications.Grains.Limits;

/// <summary>
/// A fixed window of one caller's requests (API.md allows fixed or sliding), opened by the first
/// request after the previous one ended. Held in memory by the grain that owns the caller (a user's
/// inbox, a producer's quota): a grain that moves to another silo starts a fresh window, which can
/// let a caller through twice in that window, never block one wrongly.
/// </summary>
public sealed class RequestWindow(TimeSpan length)
{
    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>An end user's window: one minute.</summary>
    public RequestWindow()
        : this(TimeSpan.FromMinutes(1))
    {
    }

    /// <summary>Counts one request at <paramref name="now"/>; null when admitted, otherwise how long until the window ends.</summary>
    public TimeSpan? TryCount(int limit, DateTimeOffset now)
    {
        var (granted, remaining) = Take(1, limit, now);
        return granted == 1 ? null : remaining;
    }

    /// <summary>
    /// Takes up to <paramref name="wanted"/> of the window's <paramref name="limit"/> at
    /// <paramref name="now"/>; returns how many were taken and how long the window still runs
    /// (always more than zero).
    /// </summary>
    public (int Granted, TimeSpan Remaining) Take(int wanted, int limit, DateTimeOffset now)
    {
        if (now - _start >= length || now < _start)
        {
            (_start, _count) = (now, 0);
        }

        var granted = Math.Clamp(limit - _count, 0, Math.Max(wanted, 0));
        _count += granted;
        return (granted, _start + length - now);
    }
}
