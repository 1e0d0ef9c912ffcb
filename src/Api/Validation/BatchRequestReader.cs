using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>POST /api/notifications/batch</c>.</summary>
public static class BatchRequestReader
{
    public static ReadResult<FanOutRequest> Read(JsonElement body, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<FanOutRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "userIds", "notification");
        var userIds = UserIdListReader.Read(fields);

        NotificationDraft? draft = null;
        if (!fields.TryGet("notification", out var notification))
        {
            errors.Add("notification", Messages.Required);
        }
        else if (notification.ValueKind != JsonValueKind.Object)
        {
            errors.Add("notification", Messages.Object);
        }
        else
        {
            // A userId inside the notification is not collected, hence ignored: the recipients are userIds.
            draft = NotificationDraftReader.Read(
                JsonFields.Collect(notification, "notification.", errors, NotificationDraftReader.Names), now);
        }

        return ReadResult<FanOutRequest>.From(
            userIds is not null && draft is not null ? new FanOutRequest(userIds, draft) : null,
            errors);
    }
}
