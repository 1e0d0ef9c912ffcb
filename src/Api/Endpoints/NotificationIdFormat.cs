namespace Notifications.Api.Endpoints;

/// <summary>
/// Ids are issued by the server as 32 lower-case hex digits; anything else cannot name a
/// notification, so it is a 404 without asking the inbox.
/// </summary>
public static class NotificationIdFormat
{
    public static bool IsPlausible(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
