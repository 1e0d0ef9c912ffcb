using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains.Storage;

/// <summary>
/// The stored form of <see cref="NotificationPreferences"/>, shared by every store:
/// <c>{"disabledTypes":["message_reaction"],"mutedConversations":["c1"],"dnd":{"enabled":true,"start":"22:00","end":"07:00","timeZone":"UTC"},"pausedUntil":"2030-01-01T12:00:00.000Z"}</c>.
/// <c>pausedUntil</c> (UTC, milliseconds) is written only when set: text saved before it existed, or
/// without a pause, reads as no pause.
/// </summary>
/// <remarks>
/// Types are stored by their snake_case names so that renaming or reordering the enum never
/// changes stored meaning. Reading is lenient: a name this version does not know (written by a
/// newer one) or a malformed member is skipped or defaulted, because a user's inbox must still
/// activate.
/// </remarks>
public static class PreferencesJson
{
    private const string TimeFormat = "HH:mm";

    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Serialize(NotificationPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("disabledTypes");
            foreach (var type in preferences.DisabledTypes.IsDefault ? [] : preferences.DisabledTypes)
            {
                writer.WriteStringValue(type.ToName());
            }

            writer.WriteEndArray();
            writer.WriteStartArray("mutedConversations");
            foreach (var conversationId in preferences.MutedConversations.IsDefault ? [] : preferences.MutedConversations)
            {
                writer.WriteStringValue(conversationId);
            }

            writer.WriteEndArray();
            var dnd = preferences.Dnd ?? DoNotDisturb.Default;
            writer.WriteStartObject("dnd");
            writer.WriteBoolean("enabled", dnd.Enabled);
            writer.WriteString("start", dnd.Start.ToString(TimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString("end", dnd.End.ToString(TimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString("timeZone", dnd.TimeZone);
            writer.WriteEndObject();
            if (preferences.PausedUntil is { } pausedUntil)
            {
                writer.WriteString("pausedUntil", pausedUntil.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads stored preferences; null or blank text means none were saved (the defaults).</summary>
    public static NotificationPreferences Deserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return NotificationPreferences.Default;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return NotificationPreferences.Default;
        }

        var disabledTypes = ReadStrings(root, "disabledTypes")
            .Select(name => NotificationTypeNames.TryParseType(name, out var type) ? type : (NotificationType?)null)
            .OfType<NotificationType>()
            .Distinct()
            .ToImmutableArray();
        var mutedConversations = ReadStrings(root, "mutedConversations").Distinct(StringComparer.Ordinal).ToImmutableArray();
        return new NotificationPreferences(disabledTypes, mutedConversations, ReadDnd(root), ReadInstant(root, "pausedUntil"));
    }

    private static DateTimeOffset? ReadInstant(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParseExact(value.GetString(), InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    private static IEnumerable<string> ReadStrings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } value)
            {
                yield return value;
            }
        }
    }

    private static DoNotDisturb ReadDnd(JsonElement root)
    {
        var defaults = DoNotDisturb.Default;
        if (!root.TryGetProperty("dnd", out var dnd) || dnd.ValueKind != JsonValueKind.Object)
        {
            return defaults;
        }

        var enabled = dnd.TryGetProperty("enabled", out var e) && e.ValueKind is JsonValueKind.True;
        var timeZone = dnd.TryGetProperty("timeZone", out var tz) && tz.ValueKind == JsonValueKind.String
            ? tz.GetString() ?? defaults.TimeZone
            : defaults.TimeZone;
        return new DoNotDisturb(enabled, ReadTime(dnd, "start", defaults.Start), ReadTime(dnd, "end", defaults.End), timeZone);
    }

    private static TimeOnly ReadTime(JsonElement dnd, string name, TimeOnly fallback) =>
        dnd.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && TimeOnly.TryParseExact(value.GetString(), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : fallback;
}
