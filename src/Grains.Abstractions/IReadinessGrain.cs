namespace Notifications;

/// <summary>Answers when the cluster can run a grain and that grain can reach the store.</summary>
[Alias("notifications.IReadinessGrain")]
public interface IReadinessGrain : IGrainWithIntegerKey
{
    /// <summary>Throws when the store does not answer.</summary>
    [Alias("Check")]
    Task CheckAsync();
}
