using System.Collections.Concurrent;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

/// <summary>
/// Wraps a real store, counts inner inserts and can hold the next one until released, so that a
/// test knows exactly which requests are queued behind it.
/// </summary>
internal sealed class CountingNotificationStore(INotificationStore inner) : INotificationStore
{
    private int _insertCalls;
    private Hold? _hold;

    public int InsertCalls => Volatile.Read(ref _insertCalls);

    public ConcurrentQueue<int> InsertSizes { get; } = new();

    /// <summary>Ids of rows whose inner insert has returned successfully.</summary>
    public ConcurrentDictionary<string, bool> Committed { get; } = new();

    /// <summary>Makes the next inner insert wait; the returned hold says when it started and releases it.</summary>
    public Hold HoldNextInsert()
    {
        var hold = new Hold();
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    public async Task InsertAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _insertCalls);
        InsertSizes.Enqueue(notifications.Count);
        if (Interlocked.Exchange(ref _hold, null) is { } hold)
        {
            hold.Started.TrySetResult();
            await hold.Released.Task;
        }

        await inner.InsertAsync(notifications, cancellationToken);
        foreach (var n in notifications)
        {
            Committed[n.Notification.Id] = true;
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.LoadInboxAsync(userId, recentLimit, now, cancellationToken);

    public Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FindAsync(userId, id, now, cancellationToken);

    public Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FindByIdempotencyKeyAsync(userId, idempotencyKey, now, cancellationToken);

    public Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.ListAsync(userId, query, now, cancellationToken);

    public Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FindCollapseTargetAsync(userId, collapseKey, now, cancellationToken);

    public Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.UpdateAsync(notification, idempotencyKey, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.MarkAllReadAsync(userId, type, conversationId, upToSeq, readAt, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> MarkSeenAsync(string userId, long upToSeq, DateTimeOffset seenAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.MarkSeenAsync(userId, upToSeq, seenAt, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.ArchiveReadAsync(userId, archivedAt, now, cancellationToken);

    public Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.DeleteAsync(userId, id, now, cancellationToken);

    public Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.DeleteByMessageAsync(userId, messageId, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.TrimOldestAsync(userId, count, now, cancellationToken);

    public Task<IReadOnlyList<string>> FindUsersByMessageAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.FindUsersByMessageAsync(messageId, now, cancellationToken);

    public Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken) =>
        inner.SavePreferencesAsync(userId, preferences, audit, cancellationToken);

    public Task<long> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken) =>
        inner.AppendAuditAsync(record, cancellationToken);

    public Task<AuditPage> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken) =>
        inner.ListAuditAsync(beforeId, limit, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
        inner.DeleteExpiredAsync(now, batchSize, cancellationToken);

    public sealed class Hold
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
