namespace Notifications;

/// <summary>
/// Retracts a chat message's notifications from every inbox (API.md v2, <c>POST /api/notifications/retract</c>):
/// finds the users whose notifications refer to it and has each user's inbox delete its own.
/// </summary>
[Alias("notifications.IMessageRetractionGrain")]
public interface IMessageRetractionGrain : IGrainWithIntegerKey
{
    /// <summary>Answers, once every delete is durable, how many notifications were deleted.</summary>
    [Alias("Retract")]
    Task<int> RetractAsync(string messageId);
}
