using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>PATCH /api/notifications/seen</c>: <c>upToSeq</c>, required (absent or null is a 400).</summary>
public static class SeenRequestReader
{
    public static ReadResult<SeenRequest> Read(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<SeenRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "upToSeq");
        var upToSeq = fields.Seq("upToSeq", required: true);

        return ReadResult<SeenRequest>.From(upToSeq is { } seq ? new SeenRequest(seq) : null, errors);
    }
}
