using Microsoft.Extensions.Options;

namespace Notifications.Api.RealTime;

/// <summary>Renews this node's inbox subscriptions on a fixed interval until shutdown.</summary>
public sealed partial class SubscriptionRenewalService(
    UserConnections connections,
    IOptions<RealTimeOptions> options,
    TimeProvider time,
    ILogger<SubscriptionRenewalService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
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
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewing inbox subscriptions failed")]
    private static partial void LogErrorRenewalFailed(ILogger logger, Exception exception);
}
