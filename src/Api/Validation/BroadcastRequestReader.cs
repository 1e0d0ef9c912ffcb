using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>POST /api/admin/broadcast</c>: a <c>system</c> notification for many users.</summary>
public static class BroadcastRequestReader
{
    public static ReadResult<FanOutRequest> Read(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<FanOutRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "userIds", "title", "content", "priority");
        var userIds = UserIdListReader.Read(fields);
        var title = fields.String("title", 1, NotificationDraftReader.MaxTitle, required: true);
        var content = fields.String("content", 0, NotificationDraftReader.MaxContent, required: true);
        var priority = fields.Priority("priority");

        var draft = title is not null && content is not null
            ? new NotificationDraft(NotificationDetails.Of(NotificationType.System) with
            {
                Title = title,
                Content = content,
                Priority = priority ?? NotificationType.System.DefaultPriority(),
            })
            : null;
        return ReadResult<FanOutRequest>.From(
            userIds is not null && draft is not null ? new FanOutRequest(userIds, draft) : null,
            errors);
    }
}
