using Notifications.Grains.Hosting;

namespace Notifications.Grains.Storage;

/// <summary>
/// Tells the process's <see cref="OutageLog"/> of the store when a call to the database fails
/// and when one succeeds again, so an outage is logged as one state change instead of once per
/// request. Wraps the database store itself, below group commit, so it sees every real round trip.
/// </summary>
public sealed class OutageTrackingNotificationStore(INotificationStore inner, OutageLog outage) : INotificationStore
{
    /// <summary>The database store it watches.</summary>
    public INotificationStore Database => inner;

    public Task InitializeAsync(CancellationToken cancellationToken) => TrackAsync(inner.InitializeAsync(cancellationToken));

    public Task PingAsync(CancellationToken cancellationToken) => TrackAsync(inner.PingAsync(cancellationToken));

    public Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.LoadInboxAsync(userId, recentLimit, now, cancellationToken));

    public Task InsertAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken) =>
        TrackAsync(inner.InsertAsync(notifications, cancellationToken));

    public Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.FindAsync(userId, id, now, cancellationToken));

    public Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.FindByIdempotencyKeyAsync(userId, idempotencyKey, now, cancellationToken));

    public Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.ListAsync(userId, query, now, cancellationToken));

    public Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.FindCollapseTargetAsync(userId, collapseKey, now, cancellationToken));

    public Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.UpdateAsync(notification, idempotencyKey, now, cancellationToken));

    public Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.MarkAllReadAsync(userId, type, conversationId, upToSeq, readAt, now, cancellationToken));

    public Task<IReadOnlyList<ChangedNotification>> MarkSeenAsync(string userId, long upToSeq, DateTimeOffset seenAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.MarkSeenAsync(userId, upToSeq, seenAt, now, cancellationToken));

    public Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.ArchiveReadAsync(userId, archivedAt, now, cancellationToken));

    public Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.DeleteAsync(userId, id, now, cancellationToken));

    public Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.DeleteByMessageAsync(userId, messageId, now, cancellationToken));

    public Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.TrimOldestAsync(userId, count, now, cancellationToken));

    public Task<IReadOnlyList<string>> FindUsersByMessageAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TrackAsync(inner.FindUsersByMessageAsync(messageId, now, cancellationToken));

    public Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken) =>
        TrackAsync(inner.SavePreferencesAsync(userId, preferences, audit, cancellationToken));

    public Task<long> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken) =>
        TrackAsync(inner.AppendAuditAsync(record, cancellationToken));

    public Task<AuditPage> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken) =>
        TrackAsync(inner.ListAuditAsync(beforeId, limit, cancellationToken));

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
        TrackAsync(inner.DeleteExpiredAsync(now, batchSize, cancellationToken));

    private async Task TrackAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception exception) when (StoreExceptionFilter.IsStoreFailure(exception))
        {
            outage.Failed(exception);
            throw;
        }

        outage.Succeeded();
    }

    private async Task<T> TrackAsync<T>(Task<T> call)
    {
        T result;
        try
        {
            result = await call;
        }
        catch (Exception exception) when (StoreExceptionFilter.IsStoreFailure(exception))
        {
            outage.Failed(exception);
            throw;
        }

        outage.Succeeded();
        return result;
    }
}
