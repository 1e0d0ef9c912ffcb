using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains.Storage;

/// <summary>
/// Deletes expired notifications on a schedule (SPEC §7). Reads already ignore them, so this only
/// reclaims space: it works in bounded batches, and a failed run is logged and retried next tick.
/// </summary>
public sealed partial class ExpiredNotificationsCleanupService(
    IStoreMaintenance store,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<ExpiredNotificationsCleanupService> logger) : BackgroundService
{
    /// <summary>Bounds one run, so that a huge backlog is worked off over several ticks rather than in one long burst.</summary>
    public const int MaxBatchesPerRun = 100;

    private readonly StorageOptions _options = options.Value;
    private PeriodicTimer? _timer;

    /// <summary>Deletes expired notifications now, at most <see cref="MaxBatchesPerRun"/> batches; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var deleted = await store.DeleteExpiredAsync(timeProvider.GetUtcNow(), _options.CleanupBatchSize, cancellationToken);
            total += deleted;
            if (deleted < _options.CleanupBatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogInformationDeleted(logger, total);
        }

        return total;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The schedule starts here rather than in ExecuteAsync, which the host runs on another thread
        // at a moment of its choosing; this keeps "one interval after start" exact (and testable).
        _timer = new PeriodicTimer(_options.CleanupInterval, timeProvider);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The service was not started.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogErrorCleanupFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired notifications")]
    private static partial void LogInformationDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting expired notifications failed; retrying at the next interval")]
    private static partial void LogErrorCleanupFailed(ILogger logger, Exception exception);
}
