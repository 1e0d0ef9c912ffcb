using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the optional body of <c>PATCH /api/notifications/read-all</c>.</summary>
public static class ReadAllRequestReader
{
    /// <param name="body">The parsed body; null for an empty body (no bytes), which means no filter, as does JSON <c>null</c>.</param>
    public static ReadResult<ReadAllFilter> Read(JsonElement? body)
    {
        if (body is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return ReadResult<ReadAllFilter>.Valid(ReadAllFilter.None);
        }

        var errors = new ValidationErrors();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<ReadAllFilter>.Invalid(errors);
        }

        // Unlike the query string, an empty string here is a value, and not a valid one.
        var fields = JsonFields.Collect(element, string.Empty, errors, "type", "conversationId", "upToSeq");
        var type = fields.Type("type");
        var conversationId = fields.Id("conversationId", Identifiers.IsReferenceId, Messages.ReferenceId);
        var upToSeq = fields.Seq("upToSeq");

        return ReadResult<ReadAllFilter>.From(new ReadAllFilter(type, conversationId, upToSeq), errors);
    }
}
