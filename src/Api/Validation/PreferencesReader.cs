using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Notifications.Grains.Domain;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>PUT /api/notifications/preferences</c>, which replaces the whole document.</summary>
public static class PreferencesReader
{
    public const int MaxEntries = 100;
    public const int MaxPauseDaysAhead = 7;

    /// <param name="body">The parsed body.</param>
    /// <param name="now">The server's time: <c>pausedUntil</c> is at most 7 days after it.</param>
    public static ReadResult<NotificationPreferences> Read(JsonElement body, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<NotificationPreferences>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "disabledTypes", "mutedConversations", "dnd", "pausedUntil");
        var disabledTypes = ReadList(fields, "disabledTypes", Messages.Type, static (string s, out NotificationType t) => NotificationTypeNames.TryParseType(s, out t));
        var mutedConversations = ReadList(fields, "mutedConversations", Messages.ReferenceId, static (string s, out string id) =>
        {
            id = s;
            return Identifiers.IsReferenceId(s);
        });
        var dnd = ReadDnd(fields);

        // A time already past is valid: the inbox stores it as no pause (API.md v2).
        var pausedUntil = fields.Time("pausedUntil");
        if (pausedUntil > now.AddDays(MaxPauseDaysAhead))
        {
            errors.Add("pausedUntil", Messages.AtMostDaysAhead(MaxPauseDaysAhead));
        }

        return ReadResult<NotificationPreferences>.From(
            disabledTypes is { } types && mutedConversations is { } muted && dnd is not null
                ? new NotificationPreferences(types, muted, dnd, pausedUntil)
                : null,
            errors);
    }

    private delegate bool TryParse<T>(string value, out T result);

    /// <summary>Omitted or null is empty; at most 100 entries as sent; repeats are kept once, in first-seen order.</summary>
    private static ImmutableArray<T>? ReadList<T>(JsonFields fields, string name, string message, TryParse<T> parse)
    {
        if (!fields.TryGet(name, out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            fields.Errors.Add(name, Messages.Array);
            return null;
        }

        if (array.GetArrayLength() > MaxEntries)
        {
            fields.Errors.Add(name, $"Must hold at most {MaxEntries} entries.");
            return null;
        }

        var before = fields.Errors.Count;
        var seen = new HashSet<T>();
        var result = ImmutableArray.CreateBuilder<T>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && JsonText.TryDecode(item, out var text) && parse(text, out var value))
            {
                if (seen.Add(value))
                {
                    result.Add(value);
                }
            }
            else
            {
                fields.Errors.Add($"{name}[{index}]", message);
            }

            index++;
        }

        return fields.Errors.Count == before ? result.ToImmutable() : null;
    }

    private static DoNotDisturb? ReadDnd(JsonFields fields)
    {
        if (!fields.TryGet("dnd", out var element))
        {
            return DoNotDisturb.Default;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            fields.Errors.Add("dnd", Messages.Object);
            return null;
        }

        var before = fields.Errors.Count;
        var dnd = JsonFields.Collect(element, "dnd.", fields.Errors, "enabled", "start", "end", "timeZone");

        bool? enabled = null;
        if (!dnd.TryGet("enabled", out var enabledElement))
        {
            dnd.Errors.Add("dnd.enabled", Messages.Required);
        }
        else if (enabledElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            enabled = enabledElement.GetBoolean();
        }
        else
        {
            dnd.Errors.Add("dnd.enabled", Messages.Boolean);
        }

        // Required when enabled is true; when it is false (or unreadable) an omitted one takes its default.
        var required = enabled == true;
        var start = ReadTime(dnd, "start", required) ?? DoNotDisturb.Default.Start;
        var end = ReadTime(dnd, "end", required) ?? DoNotDisturb.Default.End;
        var timeZone = dnd.Id("timeZone", static z => DoNotDisturbWindow.TryGetTimeZone(z, out _), Messages.TimeZone, required)
            ?? DoNotDisturb.Default.TimeZone;

        return fields.Errors.Count == before && enabled is { } isEnabled
            ? new DoNotDisturb(isEnabled, start, end, timeZone)
            : null;
    }

    private static TimeOnly? ReadTime(JsonFields dnd, string name, bool required)
    {
        var text = dnd.Id(name, static t => TryParseTime(t, out _), Messages.Time, required);
        return text is not null && TryParseTime(text, out var time) ? time : null;
    }

    /// <summary><see cref="TryParseTime"/> as a regular expression, for the OpenAPI document.</summary>
    public const string TimePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    /// <summary>Exactly <c>HH:mm</c>: two ASCII digits each, 00–23 and 00–59.</summary>
    internal static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        if (text.Length != 5 || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1])
            || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return false;
        }

        var hour = ((text[0] - '0') * 10) + (text[1] - '0');
        var minute = ((text[3] - '0') * 10) + (text[4] - '0');
        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }

    /// <summary>The <c>HH:mm</c> form a DND time is returned in.</summary>
    public static string FormatTime(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
