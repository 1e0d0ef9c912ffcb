namespace Notifications;

/// <summary>
/// Retracts a chat message's notifications from every inbox (API.md v2, <c>POST /api/notifications/retract</c>):
/// finds the users whose notifications refer to it and has each user's inbox delete its own.
/// </summary>
[Alias("notifications.IMessageRetractionGrain")]
public interface IMessageRetractionGrain : IGrainWithIntegerKey
{
    /// <summary>Answers, once every delete is durable, how many notifications were deleted.</summary>
    /// <remarks>
    /// A message sent to many users takes one durable delete per inbox (each inbox is the single
    /// writer of its rows), so this call may outlast the cluster's response timeout; each inbox
    /// call inside it stays short.
    /// </remarks>
    [Alias("Retract"), ResponseTimeout("00:05:00")]
    Task<int> RetractAsync(string messageId);
}
