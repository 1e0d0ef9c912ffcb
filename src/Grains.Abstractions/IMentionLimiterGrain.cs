namespace Notifications;

/// <summary>
/// The anti-spam rule for one sender→recipient pair (key: <see cref="KeyFor"/>): at most
/// <c>5</c> mentions in any sliding 60-second window. Holds no timer.
/// </summary>
[Alias("notifications.IMentionLimiterGrain")]
public interface IMentionLimiterGrain : IGrainWithStringKey
{
    /// <summary>Takes a slot when one is free; false when the window is full.</summary>
    [Alias("TryAcquire")]
    Task<bool> TryAcquireAsync();

    /// <summary>Gives back the slot taken by the last successful <see cref="TryAcquireAsync"/> (its create failed).</summary>
    [Alias("Release")]
    Task ReleaseAsync();

    /// <summary>User ids cannot hold '/', so the pair key is unambiguous.</summary>
    static string KeyFor(string senderId, string recipientId) => $"{senderId}/{recipientId}";
}
