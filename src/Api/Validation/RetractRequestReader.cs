using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>POST /api/notifications/retract</c>: the <c>messageId</c> (a reference id) whose notifications go.</summary>
public static class RetractRequestReader
{
    public static ReadResult<RetractRequest> Read(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<RetractRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "messageId");
        var messageId = fields.Id("messageId", Identifiers.IsReferenceId, Messages.ReferenceId, required: true);

        return ReadResult<RetractRequest>.From(messageId is not null ? new RetractRequest(messageId) : null, errors);
    }
}
