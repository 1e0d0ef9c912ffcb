using Microsoft.Extensions.Hosting;

namespace Notifications.Grains.Storage;

/// <summary>
/// Creates or migrates the schema while the host starts. It runs in <see cref="StartingAsync"/>,
/// before any hosted service's <c>StartAsync</c> (the Orleans silo's included), so no grain can
/// reach the store before its tables exist, whatever the registration order.
/// </summary>
public sealed class StoreInitializer(IStoreMaintenance store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
