namespace Notifications;

/// <summary>
/// The append-only audit trail in the store. A stateless worker: any silo writes and reads it
/// locally, so the Api (which never touches the store) reaches it without a hot spot.
/// </summary>
[Alias("notifications.IAuditTrailGrain")]
public interface IAuditTrailGrain : IGrainWithIntegerKey
{
    /// <summary>Writes one entry durably; fails (<see cref="StoreUnavailableException"/>) rather than drop it.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(AuditRecord record);

    /// <summary>Up to <paramref name="limit"/> entries with an id below <paramref name="beforeId"/> (all when null), newest first.</summary>
    [Alias("List")]
    Task<AuditPage> ListAsync(long? beforeId, int limit);
}
