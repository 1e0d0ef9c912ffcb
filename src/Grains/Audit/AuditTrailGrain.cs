using Notifications.Grains.Storage;
using Orleans.Concurrency;

namespace Notifications.Grains.Audit;

/// <summary>The audit trail, served by whichever silo is asked: it holds nothing but the store.</summary>
[StatelessWorker]
public sealed class AuditTrailGrain(IAuditStore store) : Grain, IAuditTrailGrain
{
    public Task<long> AppendAsync(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return store.AppendAuditAsync(record, CancellationToken.None);
    }

    public Task<AuditPage> ListAsync(long? beforeId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return store.ListAuditAsync(beforeId, limit, CancellationToken.None);
    }
}
