using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notifications.Grains.Hosting;

/// <summary>
/// Holds a silo's start until Redis (its membership table) answers. Orleans fails a silo's start
/// outright when the table cannot be reached, so a silo started during a Redis outage would exit;
/// with this gate it waits, says so once, and joins when Redis is back. It runs in
/// <see cref="StartingAsync"/>, before any hosted service — Orleans' silo included — starts.
/// </summary>
public sealed partial class RedisMembershipGate(string connectionString, ILogger<RedisMembershipGate> logger, TimeProvider time) : IHostedLifecycleService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RemindEvery = TimeSpan.FromSeconds(30);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var lastReminder = started;
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2_000;
        options.ConnectRetry = 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
                await connection.GetDatabase().PingAsync();
                if (attempt > 1)
                {
                    LogInformationReachable(logger, Math.Round(time.GetElapsedTime(started).TotalSeconds, 1));
                }

                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                if (attempt == 1)
                {
                    LogWarningWaiting(logger, exception.Message);
                }
                else if (time.GetElapsedTime(lastReminder) >= RemindEvery)
                {
                    lastReminder = time.GetTimestamp();
                    LogWarningStillWaiting(logger, (long)time.GetElapsedTime(started).TotalSeconds);
                }
            }

            await Task.Delay(RetryEvery, time, cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis (the cluster's membership) does not answer: {Reason}. The silo waits for it before joining")]
    private static partial void LogWarningWaiting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Still waiting for Redis after {Seconds} s")]
    private static partial void LogWarningStillWaiting(ILogger logger, long seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers after {Seconds} s; the silo joins the cluster")]
    private static partial void LogInformationReachable(ILogger logger, double seconds);
}
