using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Notifications.Api.Telemetry;

namespace Notifications.Api.RealTime;

/// <summary>
/// The users with live SignalR connections on this node. Each such user has exactly one
/// <see cref="InboxObserver"/> subscribed to their inbox, created with the first connection and
/// removed with the last, so a push costs the inbox one call per node however many tabs are open.
/// </summary>
public sealed partial class UserConnections(
    IGrainFactory grains,
    IHubContext<NotificationsHub> hub,
    IOptions<RealTimeOptions> options,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<UserConnections>();

    public int UserCount => _users.Count;

    /// <summary>How many live connections the user has on this node.</summary>
    public int ConnectionCount(string userId) => _users.TryGetValue(userId, out var entry) ? entry.ConnectionIds.Count : 0;

    /// <summary>The SignalR group of one user's connections on this node.</summary>
    public static string GroupName(string userId) => "u:" + userId;

    /// <summary>
    /// Adds a connection to the user's group and, for the user's first connection on this node,
    /// subscribes the node to the inbox (whose first push is then a counts snapshot to the group).
    /// </summary>
    public async Task<ConnectionAdmission> TryAddAsync(string userId, string connectionId)
    {
        while (true)
        {
            var entry = _users.GetOrAdd(userId, id => new Entry(id));
            await entry.Gate.WaitAsync();
            try
            {
                if (entry.Removed)
                {
                    continue; // lost a race with the last disconnect; take the fresh entry
                }

                if (entry.ConnectionIds.Count >= options.Value.MaxConnectionsPerUser)
                {
                    return ConnectionAdmission.Refused;
                }

                await hub.Groups.AddToGroupAsync(connectionId, GroupName(userId));
                entry.ConnectionIds = entry.ConnectionIds.Add(connectionId);
                metrics.ConnectionOpened();
                if (entry.Reference is not null)
                {
                    return ConnectionAdmission.Joined;
                }

                entry.Observer = new InboxObserver(entry, hub, metrics, time, loggers.CreateLogger<InboxObserver>());
                entry.Reference = grains.CreateObjectReference<IInboxObserver>(entry.Observer);
                return await SubscribeAsync(entry) ? ConnectionAdmission.Subscribed : ConnectionAdmission.Joined;
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    public async Task RemoveAsync(string userId, string connectionId)
    {
        if (!_users.TryGetValue(userId, out var entry))
        {
            return;
        }

        await entry.Gate.WaitAsync();
        try
        {
            if (!entry.ConnectionIds.Contains(connectionId))
            {
                return;
            }

            entry.ConnectionIds = entry.ConnectionIds.Remove(connectionId);
            metrics.ConnectionClosed();
            if (entry.ConnectionIds.Count > 0)
            {
                return;
            }

            entry.Removed = true;
            _users.TryRemove(new KeyValuePair<string, Entry>(userId, entry));
            if (entry.Reference is { } reference)
            {
                try
                {
                    await grains.GetGrain<IUserInboxGrain>(userId).UnsubscribeAsync(reference);
                }
                catch (Exception exception)
                {
                    // The subscription expires by itself when it is not renewed.
                    LogWarningUnsubscribeFailed(_logger, exception);
                }

                grains.DeleteObjectReference<IInboxObserver>(reference);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Renews every subscription of this node. It also re-creates subscriptions that an inbox lost
    /// when it moved to another silo, so pushes resume within one renewal interval.
    /// </summary>
    public async Task RenewAllAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            _users.Values,
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (entry, _) =>
            {
                await entry.Gate.WaitAsync(cancellationToken);
                try
                {
                    if (!entry.Removed && entry.Reference is not null)
                    {
                        await SubscribeAsync(entry);
                    }
                }
                finally
                {
                    entry.Gate.Release();
                }
            });
    }

    /// <summary>True when the inbox took a new subscription (and so greets the group with a counts snapshot).</summary>
    private async Task<bool> SubscribeAsync(Entry entry)
    {
        try
        {
            return await grains.GetGrain<IUserInboxGrain>(entry.UserId).SubscribeAsync(entry.Reference!);
        }
        catch (Exception exception)
        {
            // The connection stays; the next renewal subscribes again, and its snapshot lets clients catch up by seq.
            LogWarningSubscribeFailed(_logger, exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to an inbox failed; the next renewal retries")]
    private static partial void LogWarningSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing from an inbox failed; the subscription will expire")]
    private static partial void LogWarningUnsubscribeFailed(ILogger logger, Exception exception);

    /// <summary>One user's connections on this node and the observer that serves them.</summary>
    public sealed class Entry(string userId)
    {
        public string UserId { get; } = userId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Replaced, never mutated, so the observer reads a consistent set without the gate.</summary>
        public volatile ImmutableList<string> ConnectionIds = [];

        public bool Removed { get; set; }

        public InboxObserver? Observer { get; set; }

        public IInboxObserver? Reference { get; set; }
    }
}

/// <summary>What became of a new connection.</summary>
public enum ConnectionAdmission
{
    /// <summary>The user already holds the maximum number of connections.</summary>
    Refused,

    /// <summary>Admitted; the node already had (or could not yet take) the user's subscription.</summary>
    Joined,

    /// <summary>Admitted as the user's first connection here; the inbox's counts snapshot is on its way to it.</summary>
    Subscribed,
}
