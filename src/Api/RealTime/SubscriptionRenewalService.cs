using Microsoft.Extensions.Options;
using Notifications.Api.Cluster;

namespace Notifications.Api.RealTime;

/// <summary>
/// Keeps this node's inbox subscriptions alive: renews them on a fixed interval, and at once
/// (then twice more, while the cluster settles) when the set of silos changes, because an inbox
/// re-activated on another silo starts with no subscribers.
/// </summary>
public sealed partial class SubscriptionRenewalService(
    UserConnections connections,
    ClusterChangeSignal clusterChanges,
    IOptions<RealTimeOptions> options,
    TimeProvider time,
    ILogger<SubscriptionRenewalService> logger) : BackgroundService
{
    /// <summary>When to renew after a change: the directory may still point at the dead silo for a moment.</summary>
    private static readonly TimeSpan[] AfterChange = [TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, time);
        Task<bool>? tick = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                var change = clusterChanges.NextChange;
                if (await Task.WhenAny(tick, change.WaitAsync(stoppingToken)) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    tick = null;
                    await RenewAsync(stoppingToken);
                    continue;
                }

                foreach (var delay in AfterChange)
                {
                    await Task.Delay(delay, time, stoppingToken);
                    await RenewAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        try
        {
            await connections.RenewAllAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogErrorRenewalFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewing inbox subscriptions failed")]
    private static partial void LogErrorRenewalFailed(ILogger logger, Exception exception);
}
