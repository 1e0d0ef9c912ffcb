namespace Notifications;

/// <summary>
/// One user's inbox (key: the user id): the single writer of the user's notifications, counts
/// and preferences. Every change is durable in the store before the call returns and before it
/// is pushed to observers.
/// </summary>
[Alias("notifications.IUserInboxGrain")]
public interface IUserInboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the creation pipeline (sanitize, idempotency, preferences, mention limit, format, DND)
    /// and, when the result is <see cref="CreateStatus.Created"/>, stores the notification durably
    /// before answering, then pushes <c>notification</c> followed by <c>notification:counts</c>.
    /// </summary>
    [Alias("Create")]
    Task<CreateResult> CreateAsync(NotificationDraft draft);

    /// <summary>Serves the first pages from memory and deeper ones from the store.</summary>
    [Alias("List")]
    Task<NotificationPage> ListAsync(NotificationQuery query);

    /// <summary>Counts from memory; expired notifications are never counted.</summary>
    [Alias("GetCounts")]
    Task<InboxCounts> GetCountsAsync();

    /// <summary>A live notification of this user, or null (unknown, someone else's, or expired).</summary>
    [Alias("Get")]
    Task<Notification?> GetAsync(string id);

    /// <summary>Marks one notification read (idempotent: a read one is returned unchanged); null when not found.</summary>
    [Alias("MarkRead")]
    Task<Notification?> MarkReadAsync(string id);

    /// <summary>
    /// Marks every unread notification in the inbox (optionally of one type and/or conversation,
    /// and with seq at most <paramref name="upToSeq"/>) read, and seen where it was not.
    /// </summary>
    [Alias("MarkAllRead")]
    Task<InboxChange> MarkAllReadAsync(NotificationType? type, string? conversationId, long? upToSeq = null);

    /// <summary>Marks every unseen notification in the inbox with seq at most <paramref name="upToSeq"/> seen.</summary>
    [Alias("MarkSeen")]
    Task<InboxChange> MarkSeenAsync(long upToSeq);

    /// <summary>Archives one notification (also read and seen; a snooze ends without a return); idempotent; null when not found.</summary>
    [Alias("Archive")]
    Task<Notification?> ArchiveAsync(string id);

    /// <summary>Takes one notification out of the archive (it stays read); idempotent; null when not found.</summary>
    [Alias("Unarchive")]
    Task<Notification?> UnarchiveAsync(string id);

    /// <summary>Archives every read notification in the inbox.</summary>
    [Alias("ArchiveRead")]
    Task<InboxChange> ArchiveReadAsync();

    /// <summary>Snoozes one notification until <paramref name="until"/> (validated by the caller); an archived one is refused.</summary>
    [Alias("Snooze")]
    Task<NotificationChange> SnoozeAsync(string id, DateTimeOffset until);

    /// <summary>Returns a snoozed notification now; one that is not snoozed is answered as it is; null when not found.</summary>
    [Alias("Unsnooze")]
    Task<Notification?> UnsnoozeAsync(string id);

    /// <summary>Records the user's choice of one of the notification's actions (also read and seen).</summary>
    [Alias("TakeAction")]
    Task<NotificationChange> TakeActionAsync(string id, string actionId);

    /// <summary>Deletes every live notification of this user that refers to the message; returns how many.</summary>
    [Alias("Retract")]
    Task<int> RetractAsync(string messageId);

    /// <summary>Deletes one notification; false when not found.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string id);

    [Alias("GetPreferences")]
    Task<NotificationPreferences> GetPreferencesAsync();

    /// <summary>Replaces the whole preferences document, durably.</summary>
    [Alias("SetPreferences")]
    Task<NotificationPreferences> SetPreferencesAsync(NotificationPreferences preferences);

    /// <summary>
    /// Admits one more live connection of this user on the observer's node when the user's live
    /// connections on every node stay within <paramref name="maxConnections"/>. Before refusing,
    /// the inbox pings the nodes it counts and forgets those that do not answer (a crashed node
    /// must not block reconnects). The node's first admitted connection subscribes it, and a new
    /// subscription first receives a counts snapshot, in order with the events after it; a
    /// connection joining a subscribed node gets the snapshot in the answer instead (one call).
    /// </summary>
    [Alias("AdmitConnection")]
    Task<Admission> AdmitConnectionAsync(IInboxObserver node, int maxConnections);

    /// <summary>
    /// Counts one request of this user against the per-minute limit (<see cref="UserRequestLimit"/>),
    /// for a request that reaches no call of this inbox otherwise (an admin's broadcast); throws
    /// <see cref="UserRequestLimitExceededException"/> past the limit. It does nothing else.
    /// </summary>
    [Alias("ChargeRequest")]
    Task ChargeRequestAsync();

    /// <summary>One admitted connection on the node closed; with its last, the node is unsubscribed.</summary>
    [Alias("ReleaseConnection")]
    Task ReleaseConnectionAsync(IInboxObserver node);

    /// <summary>
    /// Renews a node's subscription and reports how many live connections of this user it holds.
    /// A subscription expires unless renewed within the inbox's expiry (minutes), so a crashed
    /// node's observers and connections disappear by themselves. Returns true when the
    /// subscription is new (first one, an inbox re-activated on another silo, or one that dropped
    /// the node): it is then greeted with a counts snapshot, so clients can tell from its
    /// <c>lastSeq</c> whether they missed anything.
    /// </summary>
    [Alias("Subscribe")]
    Task<bool> SubscribeAsync(IInboxObserver node, int connections);
}
