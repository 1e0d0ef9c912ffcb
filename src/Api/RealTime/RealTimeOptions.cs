namespace Notifications.Api.RealTime;

/// <summary>SignalR limits and subscription upkeep (configuration section <c>RealTime</c>).</summary>
public sealed class RealTimeOptions
{
    public const string SectionName = "RealTime";

    /// <summary>Live connections one user may hold on this node (API.md: 10).</summary>
    public int MaxConnectionsPerUser { get; set; } = 10;

    /// <summary>How often this node renews its inbox subscriptions; well inside the inboxes' expiry (2 min).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(30);
}
