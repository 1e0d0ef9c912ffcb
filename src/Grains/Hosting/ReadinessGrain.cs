using Orleans.Concurrency;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Hosting;

/// <summary>Proves, for readiness checks, that a silo runs grains and reaches the store.</summary>
[StatelessWorker]
public sealed class ReadinessGrain(IStoreMaintenance store) : Grain, IReadinessGrain
{
    public Task CheckAsync() => store.PingAsync(CancellationToken.None);
}
