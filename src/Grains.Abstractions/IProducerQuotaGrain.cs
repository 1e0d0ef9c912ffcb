namespace Notifications;

/// <summary>
/// One producer's (<c>service</c> role, key: its <c>sub</c>) requests per second across the whole
/// cluster. Api nodes lease permits from it in chunks and spend them locally, so a producer costs
/// one grain call per chunk, not one per request.
/// </summary>
[Alias("notifications.IProducerQuotaGrain")]
public interface IProducerQuotaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> permits of the current one-second window, whose size is
    /// <paramref name="permitsPerSecond"/> (the caller's configuration, so a change needs no restart
    /// of the silo).
    /// </summary>
    [Alias("Lease")]
    Task<QuotaLease> LeaseAsync(int wanted, int permitsPerSecond);
}

/// <summary>Permits granted (zero when the window is spent) and how long the window they belong to still runs.</summary>
[GenerateSerializer, Immutable, Alias("notifications.QuotaLease")]
public readonly record struct QuotaLease([property: Id(0)] int Granted, [property: Id(1)] TimeSpan ValidFor);
