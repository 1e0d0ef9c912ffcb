using Microsoft.Extensions.Options;

namespace Notifications.Grains.Limits;

/// <summary>
/// One sender→recipient pair's sliding window of mentions. The window is pruned on each call and
/// no timer runs, so an idle limiter simply deactivates; it forgets nothing that still matters,
/// since it is collected only after being idle for longer than the window.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class MentionLimiterGrain(IOptions<MentionLimitOptions> options, TimeProvider time) : Grain, IMentionLimiterGrain
{
    private readonly MentionLimitOptions _options = options.Value;
    private readonly LinkedList<DateTimeOffset> _acceptedAt = new();

    public Task<bool> TryAcquireAsync()
    {
        var now = time.GetUtcNow();
        while (_acceptedAt.First is { } oldest && oldest.Value <= now - _options.Window)
        {
            _acceptedAt.RemoveFirst();
        }

        if (_acceptedAt.Count >= _options.MaxMentions)
        {
            return Task.FromResult(false);
        }

        _acceptedAt.AddLast(now);
        return Task.FromResult(true);
    }

    public Task ReleaseAsync()
    {
        if (_acceptedAt.Count > 0)
        {
            _acceptedAt.RemoveLast();
        }

        return Task.CompletedTask;
    }
}
