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
    /// How long an inbox waits for one observer to take one push before it drops that observer;
    /// bounds what a dead Api node can cost a live inbox.
    /// </summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
