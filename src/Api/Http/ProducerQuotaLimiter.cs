using System.Threading.RateLimiting;

namespace Notifications.Api.Http;

/// <summary>
/// One producer's cluster-wide requests per second as this Api node spends them: permits are
/// leased from the producer's <see cref="IProducerQuotaGrain"/> a chunk at a time and handed out
/// locally until they run out or their window ends. The cluster never admits more than the limit in
/// a window; a node can hold at most one chunk it does not use, so the producer may get up to one
/// chunk per node less than the limit when its load is uneven across nodes.
/// </summary>
internal sealed class ProducerQuotaLimiter(IProducerQuotaGrain quota, int permitsPerSecond, TimeProvider time) : RateLimiter
{
    /// <summary>A sixteenth of the window per lease: 16 grain calls per second at full rate, whatever the limit.</summary>
    private readonly int _chunk = Math.Clamp(permitsPerSecond / 16, 1, 1_000);

    private readonly Lock _lock = new();
    private int _permits;
    private long _permitsExpireAt;
    private long _lastUsedAt = time.GetTimestamp();
    private Task<QuotaLease>? _leasing;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _leasing is null || _leasing.IsCompleted ? time.GetElapsedTime(_lastUsedAt) : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = _permits };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        TryTake(permitCount) ? Lease.Acquired : Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        // Each round either hands out a permit or ends on a grant of zero (the window is spent), so
        // the loop is bounded by the window's permits.
        while (true)
        {
            if (TryTake(permitCount))
            {
                return Lease.Acquired;
            }

            QuotaLease lease;
            try
            {
                lease = await LeaseAsync().WaitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The cluster cannot be asked: admit, so the request meets the same outage in its
                // handler and is answered 503 + Retry-After there, as every outage is.
                return Lease.Acquired;
            }

            if (lease.Granted == 0 && !TryTake(permitCount))
            {
                return new Lease(false, lease.ValidFor);
            }
        }
    }

    private bool TryTake(int permitCount)
    {
        lock (_lock)
        {
            _lastUsedAt = time.GetTimestamp();
            if (_permits > 0 && _lastUsedAt >= _permitsExpireAt)
            {
                _permits = 0;
            }

            if (permitCount == 0 || _permits >= permitCount)
            {
                _permits -= permitCount;
                return true;
            }

            return false;
        }
    }

    /// <summary>One lease in flight per node: every request that found no permit waits for the same one.</summary>
    private Task<QuotaLease> LeaseAsync()
    {
        lock (_lock)
        {
            if (_leasing is null || _leasing.IsCompleted)
            {
                _leasing = LeaseOnceAsync();
            }

            return _leasing;
        }
    }

    private async Task<QuotaLease> LeaseOnceAsync()
    {
        var askedAt = time.GetTimestamp();
        var lease = await quota.LeaseAsync(_chunk, permitsPerSecond);
        lock (_lock)
        {
            // Measured from before the call, so local permits never outlive the grain's window.
            _permits += lease.Granted;
            _permitsExpireAt = askedAt + (long)(lease.ValidFor.TotalSeconds * time.TimestampFrequency);
        }

        return lease;
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        /// <summary>No permit at hand: the middleware goes on to <see cref="AcquireAsyncCore"/>, which asks the cluster.</summary>
        public static readonly Lease NotYet = new(false, null);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
