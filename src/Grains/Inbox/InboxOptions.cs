namespace Notifications.Grains.Inbox;

/// <summary>How an inbox keeps its memory and its subscribers. Configuration section <c>Inbox</c>.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>How many of the newest notifications an inbox keeps in memory (SPEC §2: 500).</summary>
    public int CacheSize { get; set; } = 500;

    /// <summary>
    /// A subscription not renewed within this time is dropped, so a crashed Api node's observers
    /// disappear by themselves. Api nodes renew well inside it.
    /// </summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one push to one observer may take before the inbox drops that observer. Each
    /// observer has its own queue, so a slow or dead node delays only itself, never the inbox nor
    /// the other nodes; a dropped node learns it on its next renewal and its clients catch up.
    /// </summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The retention cap: an inbox keeps its user's newest this many live notifications and deletes
    /// the older ones, a batch per turn, right after the change that crossed the cap.
    /// </summary>
    public int MaxNotificationsPerUser { get; set; } = 10_000;

    /// <summary>
    /// While a user is connected, the inbox wakes for a snoozed notification's return at its time
    /// (API.md v2: pushed within 5 s of snoozedUntil); it also looks again at least this often, so
    /// a return never waits long on a timer set before the clock was changed.
    /// </summary>
    public TimeSpan SnoozeCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many notifications trimmed by one turn of the inbox (bounds a turn after the cap is lowered).</summary>
    public int TrimBatchSize { get; set; } = 1_000;

    /// <summary>Events queued for one observer beyond which the inbox drops it (bounds memory for a stuck node).</summary>
    public int MaxPendingPushes { get; set; } = 1_000;
}
