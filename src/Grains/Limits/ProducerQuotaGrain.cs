namespace Notifications.Grains.Limits;

/// <summary>
/// A producer's one-second windows, in memory like the user's window in the inbox. No timer runs;
/// an idle quota deactivates and its next request opens a fresh window.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class ProducerQuotaGrain(TimeProvider time) : Grain, IProducerQuotaGrain
{
    private readonly RequestWindow _window = new(TimeSpan.FromSeconds(1));

    public Task<QuotaLease> LeaseAsync(int wanted, int permitsPerSecond)
    {
        var (granted, remaining) = _window.Take(wanted, permitsPerSecond, time.GetUtcNow());
        return Task.FromResult(new QuotaLease(granted, remaining));
    }
}
