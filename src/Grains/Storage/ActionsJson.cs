using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains.Storage;

/// <summary>
/// The stored form of <see cref="NotificationActions"/> (column <c>actions</c>), shared by every store:
/// <c>[{"id":"accept","label":"Accept","url":"https://example.com/a"},{"id":"later","label":"Later","url":null}]</c>,
/// in the producer's order; no actions are stored as NULL, not as <c>[]</c>.
/// </summary>
/// <remarks>
/// Reading is lenient, as for <see cref="PreferencesJson"/>: members this version does not know
/// (written by a newer one) are ignored and an item without an id or a label is skipped, because
/// a user's inbox must still activate.
/// </remarks>
public static class ActionsJson
{
    /// <summary>The stored text, or null when there are no actions.</summary>
    public static string? Serialize(NotificationActions actions)
    {
        if (actions.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(64 * actions.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var action in actions)
            {
                writer.WriteStartObject();
                writer.WriteString("id", action.Id);
                writer.WriteString("label", action.Label);
                if (action.Url is { } url)
                {
                    writer.WriteString("url", url);
                }
                else
                {
                    writer.WriteNull("url");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads stored actions; null or blank text means none.</summary>
    public static NotificationActions Deserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return NotificationActions.None;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            return NotificationActions.None;
        }

        var actions = new List<NotificationAction>(root.GetArrayLength());
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object
                && ReadString(item, "id") is { } id
                && ReadString(item, "label") is { } label)
            {
                actions.Add(new NotificationAction(id, label, ReadString(item, "url")));
            }
        }

        return actions.Count == 0 ? NotificationActions.None : new NotificationActions(actions);
    }

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
