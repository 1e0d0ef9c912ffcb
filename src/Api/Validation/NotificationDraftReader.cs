using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifications.Api.Validation;

/// <summary>
/// The CreateNotification fields other than <c>userId</c> (API.md, Producer endpoints), shared by the
/// single create and the batch (whose errors are prefixed <c>notification.</c>).
/// </summary>
internal static partial class NotificationDraftReader
{
    public const int MaxTitle = 200;
    public const int MaxContent = 1000;
    public const int MaxMessagePreview = 1000;
    public const int MaxSenderUsername = 100;
    public const int MaxSenderAvatar = 2048;
    public const int MaxIdempotencyKey = 128;
    public const int MaxDataBytes = 10 * 1024;
    public const int MaxDataDepth = 32;

    public static readonly string[] Names =
    [
        "type", "title", "content", "priority", "senderId", "senderUsername", "senderAvatar", "messagePreview",
        "conversationId", "messageId", "callSessionId", "data", "expiresAt", "idempotencyKey",
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
        var senderAvatar = fields.Id("senderAvatar", IsAvatarUrl, Messages.Url);
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

        if (fields.Errors.Count != before || type is not { } notificationType)
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
        };
        return new NotificationDraft(details, idempotencyKey);
    }

    /// <summary>
    /// An absolute http(s) URL of at most 2,048 characters with a host. Characters that RFC 3986 never
    /// allows raw (space, controls, <c>"&lt;&gt;\^`{|}</c>) are refused so the value can be placed in
    /// markup as is; other non-ASCII characters (IRIs) are accepted.
    /// </summary>
    internal static bool IsAvatarUrl(string value)
    {
        if (value.Length > MaxSenderAvatar
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

    private static DateTimeOffset? ReadExpiresAt(JsonFields fields, DateTimeOffset now)
    {
        if (!fields.TryGet("expiresAt", out var element)
            || !JsonText.TryGetString(element, fields.Path("expiresAt"), fields.Errors, out var text))
        {
            return null;
        }

        if (!TryParseTimestamp(text, out var value))
        {
            fields.Errors.Add(fields.Path("expiresAt"), "Must be an ISO 8601 date and time with a time zone, e.g. 2026-11-24T10:00:00Z.");
            return null;
        }

        if (value <= now)
        {
            fields.Errors.Add(fields.Path("expiresAt"), "Must be in the future.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm[:ss[.fraction]]</c> followed by <c>Z</c> or an offset <c>±HH:mm</c>
    /// (<c>T</c> and <c>Z</c> in either case, as RFC 3339 allows). A time without a zone is refused:
    /// it would be read in the server's zone. Digits of the fraction beyond the seventh are dropped
    /// (Go sends nine). The result is UTC, truncated to milliseconds like every stored time.
    /// </summary>
    internal static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        fraction = fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0');
        var seconds = match.Groups["seconds"].Success ? match.Groups["seconds"].Value : "00";
        var zone = match.Groups["zone"].Value is "Z" or "z" ? "+00:00" : match.Groups["zone"].Value;
        var normalized = $"{match.Groups["date"].Value}T{match.Groups["hm"].Value}:{seconds}.{fraction}{zone}";

        if (!DateTimeOffset.TryParseExact(normalized, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        var utc = parsed.ToUniversalTime();
        value = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return true;
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<hm>[0-9]{2}:[0-9]{2})(?::(?<seconds>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?)?(?<zone>[Zz]|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
