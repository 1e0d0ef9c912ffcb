using System.Runtime.InteropServices;
using System.Text.Json;
using Notifications.Grains.Domain;

namespace Notifications.Api.Validation;

/// <summary>
/// The CreateNotification fields other than <c>userId</c> (API.md, Producer endpoints), shared by the
/// single create and the batch (whose errors are prefixed <c>notification.</c>).
/// </summary>
internal static class NotificationDraftReader
{
    public const int MaxTitle = 200;
    public const int MaxContent = 1000;
    public const int MaxMessagePreview = 1000;
    public const int MaxSenderUsername = 100;
    public const int MaxIdempotencyKey = 128;
    public const int MaxDataBytes = 10 * 1024;
    public const int MaxDataDepth = 32;
    public const int MaxUrl = 2048;
    public const int MaxActions = 3;
    public const int MaxActionLabel = 40;

    public static readonly string[] Names =
    [
        "type", "title", "content", "priority", "senderId", "senderUsername", "senderAvatar", "messagePreview",
        "conversationId", "messageId", "callSessionId", "data", "expiresAt", "idempotencyKey", "collapseKey", "actions",
    ];

    /// <summary>Reads the draft from collected fields; null when any of them added an error.</summary>
    public static NotificationDraft? Read(JsonFields fields, DateTimeOffset now)
    {
        var before = fields.Errors.Count;
        var type = fields.Type("type", required: true);
        var title = fields.String("title", 0, MaxTitle);
        var content = fields.String("content", 0, MaxContent);
        var priority = fields.Priority("priority");
        var senderId = fields.Id("senderId", Identifiers.IsUserId, Messages.UserId);
        var senderUsername = fields.String("senderUsername", 0, MaxSenderUsername);
        var senderAvatar = fields.Id("senderAvatar", IsWebUrl, Messages.Url);
        var messagePreview = fields.String("messagePreview", 0, MaxMessagePreview);
        var conversationId = fields.Id("conversationId", Identifiers.IsReferenceId, Messages.ReferenceId);
        var messageId = fields.Id("messageId", Identifiers.IsReferenceId, Messages.ReferenceId);
        var callSessionId = fields.Id("callSessionId", Identifiers.IsReferenceId, Messages.ReferenceId);
        var dataJson = ReadData(fields);
        var expiresAt = ReadExpiresAt(fields, now);
        var idempotencyKey = fields.String("idempotencyKey", 1, MaxIdempotencyKey);
        if (idempotencyKey is not null && idempotencyKey.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL text cannot hold U+0000; a key is an opaque token, so refuse it rather than alter it.
            fields.Errors.Add(fields.Path("idempotencyKey"), Messages.NoNul);
        }

        var collapseKey = fields.Id("collapseKey", Identifiers.IsReferenceId, Messages.ReferenceId);
        var actions = ReadActions(fields);

        if (fields.Errors.Count != before || type is not { } notificationType || actions is not { } notificationActions)
        {
            return null;
        }

        var details = new NotificationDetails
        {
            Type = notificationType,
            Title = title ?? string.Empty,
            Content = content,
            Priority = priority ?? notificationType.DefaultPriority(),
            SenderId = senderId,
            SenderUsername = senderUsername,
            SenderAvatar = senderAvatar,
            MessagePreview = messagePreview,
            ConversationId = conversationId,
            MessageId = messageId,
            CallSessionId = callSessionId,
            DataJson = dataJson,
            ExpiresAt = expiresAt,
            CollapseKey = collapseKey,
            Actions = notificationActions,
        };
        return new NotificationDraft(details, idempotencyKey);
    }

    /// <summary>
    /// An absolute http(s) URL of at most 2,048 characters with a host (<c>senderAvatar</c>, an
    /// action's <c>url</c>). Characters that RFC 3986 never allows raw (space, controls,
    /// <c>"&lt;&gt;\^`{|}</c>) are refused so the value can be placed in markup as is; other
    /// non-ASCII characters (IRIs) are accepted.
    /// </summary>
    internal static bool IsWebUrl(string value)
    {
        if (value.Length > MaxUrl
            || !(value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c == '\u007f' || char.IsControl(c) || char.IsWhiteSpace(c) || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}')
            {
                return false;
            }
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0;
    }

    private static string? ReadData(JsonFields fields)
    {
        if (!fields.TryGet("data", out var data))
        {
            return null;
        }

        var path = fields.Path("data");
        if (data.ValueKind != JsonValueKind.Object)
        {
            fields.Errors.Add(path, Messages.Object);
            return null;
        }

        // The UTF-8 bytes as sent, whitespace and escapes included, without a copy.
        if (JsonMarshal.GetRawUtf8Value(data).Length > MaxDataBytes)
        {
            fields.Errors.Add(path, $"Must be at most {MaxDataBytes} bytes of UTF-8 JSON.");
            return null;
        }

        switch (Walk(data, 1))
        {
            case DataProblem.TooDeep:
                fields.Errors.Add(path, $"Must be at most {MaxDataDepth} levels of objects or arrays deep, data itself included.");
                return null;
            case DataProblem.InvalidText:
                fields.Errors.Add(path, "Must hold valid Unicode text only (no unpaired surrogate in a string or a property name).");
                return null;
            default:
                return data.GetRawText();
        }
    }

    private enum DataProblem
    {
        None,
        TooDeep,
        InvalidText,
    }

    // Recursion stops at MaxDataDepth + 1, so the stack depth is bounded whatever the parser allowed.
    private static DataProblem Walk(JsonElement element, int depth)
    {
        if (depth > MaxDataDepth)
        {
            return DataProblem.TooDeep;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!JsonText.TryDecodeName(property))
                    {
                        return DataProblem.InvalidText;
                    }

                    if (WalkChild(property.Value, depth) is var problem and not DataProblem.None)
                    {
                        return problem;
                    }
                }

                return DataProblem.None;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (WalkChild(item, depth) is var problem and not DataProblem.None)
                    {
                        return problem;
                    }
                }

                return DataProblem.None;
            default:
                return DataProblem.None;
        }
    }

    private static DataProblem WalkChild(JsonElement child, int depth) => child.ValueKind switch
    {
        JsonValueKind.Object or JsonValueKind.Array => Walk(child, depth + 1),
        JsonValueKind.String => JsonText.TryDecode(child, out _) ? DataProblem.None : DataProblem.InvalidText,
        _ => DataProblem.None,
    };

    /// <summary>
    /// <c>actions</c>: absent or null is none; at most 3 objects, each with an <c>id</c> distinct
    /// within the notification, a plain-text <c>label</c> of 1–40 code points that keeps some text
    /// once sanitized, and an optional <c>url</c>. Null when any of it is invalid.
    /// </summary>
    private static NotificationActions? ReadActions(JsonFields fields)
    {
        if (!fields.TryGet("actions", out var array))
        {
            return NotificationActions.None;
        }

        var path = fields.Path("actions");
        if (array.ValueKind != JsonValueKind.Array)
        {
            fields.Errors.Add(path, Messages.Array);
            return null;
        }

        if (array.GetArrayLength() > MaxActions)
        {
            fields.Errors.Add(path, $"Must hold at most {MaxActions} actions.");
            return null;
        }

        // Every error below is on a path of its own (actions[i], actions[i].id, …), so the count of
        // fields with errors grows with each one.
        var before = fields.Errors.Count;
        var actions = new List<NotificationAction>(MaxActions);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = -1;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{++index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                fields.Errors.Add(itemPath, Messages.Object);
                continue;
            }

            var action = JsonFields.Collect(item, itemPath + ".", fields.Errors, "id", "label", "url");
            var id = action.Id("id", Identifiers.IsActionId, Messages.ActionId, required: true);
            var label = action.String("label", 1, MaxActionLabel, required: true);
            var url = action.Id("url", IsWebUrl, Messages.Url);
            if (id is not null && !firstIndex.TryAdd(id, index))
            {
                fields.Errors.Add(action.Path("id"), $"Repeats {path}[{firstIndex[id]}].id; action ids must be distinct.");
            }

            // The inbox stores the sanitized label; one that sanitizes to nothing would be a blank button.
            if (label is not null && PlainTextSanitizer.Sanitize(label).Length == 0)
            {
                fields.Errors.Add(action.Path("label"), "Must keep some text once markup is removed.");
            }

            if (id is not null && label is not null)
            {
                actions.Add(new NotificationAction(id, label, url));
            }
        }

        return fields.Errors.Count == before ? new NotificationActions(actions) : null;
    }

    private static DateTimeOffset? ReadExpiresAt(JsonFields fields, DateTimeOffset now)
    {
        if (fields.Time("expiresAt") is not { } value)
        {
            return null;
        }

        if (value <= now)
        {
            fields.Errors.Add(fields.Path("expiresAt"), Messages.Future);
            return null;
        }

        return value;
    }
}
