using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>POST /api/notifications</c> (CreateNotification).</summary>
public static class CreateNotificationReader
{
    private static readonly string[] Names = ["userId", .. NotificationDraftReader.Names];

    /// <param name="body">The parsed body.</param>
    /// <param name="now">The server's time, which <c>expiresAt</c> must be after.</param>
    public static ReadResult<CreateNotificationRequest> Read(JsonElement body, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<CreateNotificationRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, Names);
        var userId = fields.Id("userId", Identifiers.IsUserId, Messages.UserId, required: true);
        var draft = NotificationDraftReader.Read(fields, now);

        return ReadResult<CreateNotificationRequest>.From(
            userId is not null && draft is not null ? new CreateNotificationRequest(userId, draft) : null,
            errors);
    }
}
