using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Notifications.Api.Http;
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
    DependencyOutage outage,
    ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<UserConnections>();

    /// <summary>How many live connections the user has on this node.</summary>
    public int ConnectionCount(string userId) => _users.TryGetValue(userId, out var entry) ? entry.ConnectionIds.Count : 0;

    /// <summary>The SignalR group of one user's connections on this node.</summary>
    public static string GroupName(string userId) => "u:" + userId;

    /// <summary>
    /// Admits a connection when the user's live connections on every node stay within the limit
    /// (the inbox counts them), and adds it to the user's group. The node's first connection of the
    /// user subscribes the node to the inbox, whose first push is then a counts snapshot.
    /// </summary>
    public async Task<Admission> TryAddAsync(string userId, string connectionId)
    {
        var max = options.Value.MaxConnectionsPerUser;
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

                if (entry.ConnectionIds.Count >= max)
                {
                    return Admission.Refused;
                }

                if (entry.Reference is null)
                {
                    entry.Observer = new InboxObserver(entry.UserId, () => entry.ConnectionIds.Count, hub, metrics, time, loggers.CreateLogger<InboxObserver>());
                    entry.Reference = grains.CreateObjectReference<IInboxObserver>(entry.Observer);
                }

                // In the group and counted before the inbox may greet it: the greeting can reach
                // the observer before the admission call returns here.
                await hub.Groups.AddToGroupAsync(connectionId, GroupName(userId));
                entry.ConnectionIds = entry.ConnectionIds.Add(connectionId);
                var admission = await AdmitAsync(entry, max);
                if (admission.Outcome == ConnectionAdmission.Refused)
                {
                    entry.ConnectionIds = entry.ConnectionIds.Remove(connectionId);
                    await hub.Groups.RemoveFromGroupAsync(connectionId, GroupName(userId));
                    if (entry.ConnectionIds.Count == 0)
                    {
                        Forget(entry);
                    }

                    return admission;
                }

                metrics.ConnectionOpened();
                return admission;
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
            try
            {
                await grains.GetUserInbox(userId).ReleaseConnectionAsync(entry.Reference!);
            }
            catch (Exception exception)
            {
                // The inbox corrects its count at the next renewal, or forgets it with the subscription.
                LogFailure(exception, unsubscribing: true);
            }

            if (entry.ConnectionIds.Count == 0)
            {
                Forget(entry);
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

    private async Task<Admission> AdmitAsync(Entry entry, int max)
    {
        try
        {
            return await grains.GetUserInbox(entry.UserId).AdmitConnectionAsync(entry.Reference!, max);
        }
        catch (Exception exception)
        {
            // The cluster does not answer: admit on this node's own count; the next renewal
            // subscribes, and its snapshot lets clients catch up by seq.
            LogFailure(exception, unsubscribing: false);
            return new Admission(ConnectionAdmission.Joined);
        }
    }

    private async Task SubscribeAsync(Entry entry)
    {
        try
        {
            await grains.GetUserInbox(entry.UserId).SubscribeAsync(entry.Reference!, entry.ConnectionIds.Count);
        }
        catch (Exception exception)
        {
            LogFailure(exception, unsubscribing: false);
        }
    }

    /// <summary>The user has no connection left here: forget the entry and the observer (the inbox already did).</summary>
    private void Forget(Entry entry)
    {
        entry.Removed = true;
        _users.TryRemove(new KeyValuePair<string, Entry>(entry.UserId, entry));
        if (entry.Reference is { } reference)
        {
            grains.DeleteObjectReference<IInboxObserver>(reference);
        }
    }

    /// <summary>A cluster or store outage goes to the node's outage log, once; anything else is a warning of its own.</summary>
    private void LogFailure(Exception exception, bool unsubscribing)
    {
        if (DependencyOutage.IsDependencyFailure(exception))
        {
            outage.Failed(exception);
        }
        else if (unsubscribing)
        {
            LogWarningUnsubscribeFailed(_logger, exception);
        }
        else
        {
            LogWarningSubscribeFailed(_logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to an inbox failed; the next renewal retries")]
    private static partial void LogWarningSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing from an inbox failed; the subscription will expire")]
    private static partial void LogWarningUnsubscribeFailed(ILogger logger, Exception exception);

    /// <summary>One user's connections on this node and the observer that serves them; changed only under <see cref="Gate"/>.</summary>
    private sealed class Entry(string userId)
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
