namespace Notifications.Grains.Storage;

/// <summary>
/// The durable store of notifications and preferences: the source of truth an inbox rebuilds
/// itself from. Split by role: <see cref="IInboxStore"/> is what an inbox calls, every call
/// scoped to one user (group commit wraps it); <see cref="IStoreMaintenance"/> is what the host
/// runs (schema, readiness, cleanup); <see cref="IAuditStore"/> is the audit trail. The database
/// stores are all three. Every write is durable when
/// its task completes. Methods that take <c>now</c> treat notifications whose
/// <see cref="Notification.ExpiresAt"/> is at or before it as gone.
/// </summary>
public interface INotificationStore : IInboxStore, IStoreMaintenance, IAuditStore;

/// <summary>What the host runs against the store, never on behalf of one user.</summary>
public interface IStoreMaintenance
{
    /// <summary>Creates or migrates the schema; idempotent and safe to run from several processes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Answers when the store is reachable.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> expired notifications; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken);
}

/// <summary>What an inbox calls: everything scoped to its own user (inserts may carry many users: a group commit).</summary>
public interface IInboxStore
{
    /// <summary>Everything an inbox needs on activation.</summary>
    Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts new notifications (of one or many users) and raises each user's last seq to the
    /// highest inserted. A live notification holding the same (user, idempotency key) must not
    /// exist (the inbox checks); an expired one that still does is deleted first, so its key is free.
    /// </summary>
    Task InsertAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken);

    Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One page, as <see cref="NotificationQuery"/> describes; ordered by seq (desc, or asc with AfterSeq).</summary>
    Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Marks one live notification read at <paramref name="readAt"/> unless it already is.
    /// Null when not found; otherwise the row as stored afterwards and whether this call changed it.
    /// </summary>
    Task<MarkReadOutcome?> MarkReadAsync(string userId, string id, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks every live unread notification matching the filters read; returns the rows it changed.</summary>
    Task<IReadOnlyList<NotificationRef>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes one live notification; returns it, or null when not found.</summary>
    Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the user's <paramref name="count"/> oldest live notifications (lowest seq first): the
    /// retention cap's trim. Returns what it deleted, in seq order, so the inbox can recount.
    /// </summary>
    Task<IReadOnlyList<TrimmedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces the user's preferences and appends <paramref name="audit"/> to the audit trail, atomically.</summary>
    Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken);
}

/// <summary>What an inbox loads on activation.</summary>
/// <param name="LastSeq">The highest seq ever assigned to the user (0 if none), deleted notifications included.</param>
/// <param name="Preferences">The stored preferences, or the defaults.</param>
/// <param name="Recent">The newest live notifications, newest first, at most the limit asked for.</param>
/// <param name="Groups">Live notifications counted by (type, priority, isRead).</param>
/// <param name="Expiring">Every live notification that has an expiry time.</param>
public sealed record InboxSnapshot(
    long LastSeq,
    NotificationPreferences Preferences,
    IReadOnlyList<Notification> Recent,
    IReadOnlyList<CountGroup> Groups,
    IReadOnlyList<ExpiringNotification> Expiring);

public sealed record CountGroup(NotificationType Type, NotificationPriority Priority, bool IsRead, int Count);

public sealed record ExpiringNotification(string Id, DateTimeOffset ExpiresAt, NotificationType Type, NotificationPriority Priority, bool IsRead);

public sealed record NotificationRef(string Id, long Seq, NotificationType Type, NotificationPriority Priority);

public sealed record TrimmedNotification(string Id, long Seq, NotificationType Type, NotificationPriority Priority, bool IsRead);

public sealed record MarkReadOutcome(Notification Notification, bool Changed);
