namespace Notifications.Grains.Storage;

/// <summary>
/// The durable store of notifications and preferences: the source of truth an inbox rebuilds
/// itself from. Split by role: <see cref="IInboxStore"/> is what an inbox calls, every call
/// scoped to one user (group commit wraps it); <see cref="IRetractionStore"/> is the one look-up
/// across users (retract); <see cref="IStoreMaintenance"/> is what the host runs (schema,
/// readiness, cleanup); <see cref="IAuditStore"/> is the audit trail. The database stores are all
/// four. Every write is durable when
/// its task completes. Methods that take <c>now</c> treat notifications whose
/// <see cref="Notification.ExpiresAt"/> is at or before it as gone.
/// </summary>
public interface INotificationStore : IInboxStore, IRetractionStore, IStoreMaintenance, IAuditStore;

/// <summary>What the host runs against the store, never on behalf of one user.</summary>
public interface IStoreMaintenance
{
    /// <summary>Creates or migrates the schema; idempotent and safe to run from several processes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Answers when the store is reachable.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> expired notifications, freeing their keys; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken);
}

/// <summary>What an inbox calls: everything scoped to its own user (inserts may carry many users: a group commit).</summary>
/// <remarks>
/// The inbox is the single writer of its user's rows, so a change of one notification is a
/// read-modify-write: the inbox computes the new version (its domain rules live there, not in SQL)
/// and <see cref="UpdateAsync"/> writes it. Changes of many rows at once, some beyond the inbox's
/// memory, are set-based and return what they changed so the inbox can recount.
/// </remarks>
public interface IInboxStore
{
    /// <summary>Everything an inbox needs on activation.</summary>
    Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts new notifications (of one or many users), binds each one's idempotency key to it and
    /// raises each user's last seq to the highest inserted. A live notification bound to the same
    /// (user, key) must not exist (the inbox checks); an expired one that still holds it is deleted
    /// first, so its key is free.
    /// </summary>
    Task InsertAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken);

    Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The live notification the key is bound to (by its create, or folded in by a replacement), or null.</summary>
    Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The notification a create with <paramref name="collapseKey"/> replaces: the live one holding
    /// that key that is unread and in the inbox (neither archived nor snoozed) with the highest seq; or null.
    /// </summary>
    Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One page, as <see cref="NotificationQuery"/> describes; ordered by seq (desc, or asc with AfterSeq).</summary>
    Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the inbox's new version of an existing live notification: every stored field but its
    /// id and user (seq, times, details, states). Raises the user's last seq to its seq, and binds
    /// <paramref name="idempotencyKey"/> to it when given (a replacement folds its create's key in;
    /// the earlier keys stay bound): a binding of that key to an expired or deleted notification is
    /// moved to this one; one to another live notification must not exist (the inbox checks), and
    /// fails the call, writing nothing. False, writing nothing, when the notification is gone (deleted or expired).
    /// </summary>
    Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every live, unread notification in the inbox (neither archived nor snoozed) matching the
    /// filters read at <paramref name="readAt"/>, and seen at that time where it was not; returns the rows it changed.
    /// </summary>
    Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks every live, unseen notification in the inbox with seq at most <paramref name="upToSeq"/> seen; returns the rows it changed.</summary>
    Task<IReadOnlyList<ChangedNotification>> MarkSeenAsync(string userId, long upToSeq, DateTimeOffset seenAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Archives every live, read notification in the inbox; returns the rows it changed.</summary>
    Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes one live notification and frees its keys; returns it, or null when not found.</summary>
    Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes every live notification of the user that refers to the message (retract), freeing their keys; returns them in seq order.</summary>
    Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the user's <paramref name="count"/> oldest live notifications (lowest seq first), any
    /// shelf, freeing their keys: the retention cap's trim. Returns what it deleted, in seq order, so the inbox can recount.
    /// </summary>
    Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces the user's preferences and appends <paramref name="audit"/> to the audit trail, atomically.</summary>
    Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken);
}

/// <summary>What retract needs across users: who holds notifications of a message.</summary>
public interface IRetractionStore
{
    /// <summary>The users that hold a live notification referring to the message (served by the message-id index).</summary>
    Task<IReadOnlyList<string>> FindUsersByMessageAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A notification to insert and the idempotency key of the create that made it (null when none).</summary>
public sealed record NewNotification(Notification Notification, string? IdempotencyKey = null);

/// <summary>What an inbox loads on activation.</summary>
/// <param name="LastSeq">The highest seq ever assigned to the user (0 if none), deleted notifications included.</param>
/// <param name="Preferences">The stored preferences, or the defaults.</param>
/// <param name="Recent">The newest live notifications of every shelf, newest first, at most the limit asked for.</param>
/// <param name="RecentKeys">Every idempotency key bound to a notification in <paramref name="Recent"/>.</param>
/// <param name="Groups">Live notifications counted by their <see cref="CountedState"/>.</param>
/// <param name="Expiring">Every live notification that has an expiry time.</param>
/// <param name="Snoozed">Every live snoozed notification.</param>
public sealed record InboxSnapshot(
    long LastSeq,
    NotificationPreferences Preferences,
    IReadOnlyList<Notification> Recent,
    IReadOnlyList<KeyBinding> RecentKeys,
    IReadOnlyList<CountGroup> Groups,
    IReadOnlyList<ExpiringNotification> Expiring,
    IReadOnlyList<SnoozedNotification> Snoozed);

/// <summary>An idempotency key and the notification it is bound to.</summary>
public sealed record KeyBinding(string IdempotencyKey, string NotificationId);

public sealed record CountGroup(CountedState State, int Count);

public sealed record ExpiringNotification(string Id, DateTimeOffset ExpiresAt, CountedState State);

public sealed record SnoozedNotification(string Id, long Seq, DateTimeOffset SnoozedUntil);

/// <summary>A row a set-based change touched (or a trim deleted), with its state before the change.</summary>
public sealed record ChangedNotification(string Id, long Seq, CountedState Before);
