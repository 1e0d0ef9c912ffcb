using System.Runtime.InteropServices;
using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>
/// The known properties of one JSON object. Names match exactly (camelCase, case-sensitive) and are
/// compared as UTF-8, so unknown names, even ones that are not valid UTF-16, are skipped without
/// being decoded. A known property given twice is an error: readers that kept the first or the
/// last value would disagree about what was sent.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly string _prefix;

    private JsonFields(string prefix) => _prefix = prefix;

    public ValidationErrors Errors { get; private init; } = null!;

    /// <summary>Collects <paramref name="names"/> from <paramref name="obj"/>, which must be an object.</summary>
    public static JsonFields Collect(JsonElement obj, string prefix, ValidationErrors errors, params ReadOnlySpan<string> names)
    {
        var fields = new JsonFields(prefix) { Errors = errors };
        foreach (var property in obj.EnumerateObject())
        {
            foreach (var name in names)
            {
                if (NameEquals(property, name))
                {
                    if (!fields._values.TryAdd(name, property.Value))
                    {
                        errors.Add(fields.Path(name), "Must be given only once.");
                    }

                    break;
                }
            }
        }

        return fields;
    }

    public string Path(string name) => _prefix + name;

    // NameEquals unescapes the name and throws when an escape is an unpaired surrogate; such a name
    // equals no known name, so it is one more unknown property to ignore.
    private static bool NameEquals(JsonProperty property, string name)
    {
        try
        {
            return property.NameEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The value of <paramref name="name"/>; false when it is absent or JSON null (both mean "not given").</summary>
    public bool TryGet(string name, out JsonElement value) =>
        _values.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// An optional string: null when absent or null; null with an error when it is not a string, not
    /// valid UTF-16, or outside [<paramref name="minLength"/>, <paramref name="maxLength"/>] code points.
    /// </summary>
    public string? String(string name, int minLength, int maxLength, bool required = false)
    {
        if (!TryGetString(name, required, out var value))
        {
            return null;
        }

        if (!JsonText.HasLength(value, minLength, maxLength))
        {
            Errors.Add(Path(name), Messages.Length(minLength, maxLength));
            return null;
        }

        return value;
    }

    /// <summary>An optional string that must satisfy <paramref name="isValid"/>; <paramref name="message"/> otherwise.</summary>
    public string? Id(string name, Func<string, bool> isValid, string message, bool required = false)
    {
        if (!TryGetString(name, required, out var value))
        {
            return null;
        }

        if (!isValid(value))
        {
            Errors.Add(Path(name), message);
            return null;
        }

        return value;
    }

    /// <summary>
    /// An optional seq: a JSON number written as an integer — digits only, no sign, fraction or
    /// exponent — from 0 to 2^63−1 (API.md v2, pinned details).
    /// </summary>
    public long? Seq(string name, bool required = false)
    {
        if (!TryGet(name, out var element))
        {
            if (required)
            {
                Errors.Add(Path(name), Messages.Required);
            }

            return null;
        }

        // TryGetInt64 alone would take -0; the raw text is what the producer wrote.
        if (element.ValueKind == JsonValueKind.Number
            && !JsonMarshal.GetRawUtf8Value(element).ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && element.TryGetInt64(out var value))
        {
            return value;
        }

        Errors.Add(Path(name), Messages.Seq);
        return null;
    }

    /// <summary>An optional time with a zone (<see cref="Timestamps"/>), in UTC and to the millisecond.</summary>
    public DateTimeOffset? Time(string name, bool required = false)
    {
        if (!TryGetString(name, required, out var text))
        {
            return null;
        }

        if (!Timestamps.TryParse(text, out var value))
        {
            Errors.Add(Path(name), Timestamps.Message);
            return null;
        }

        return value;
    }

    public NotificationType? Type(string name, bool required = false) =>
        Parse<NotificationType>(name, NotificationTypeNames.TryParseType, Messages.Type, required);

    public NotificationPriority? Priority(string name) =>
        Parse<NotificationPriority>(name, NotificationTypeNames.TryParsePriority, Messages.Priority, required: false);

    private delegate bool TryParser<T>(string text, out T value);

    /// <summary>A wire name parsed once into its value; <paramref name="message"/> when it names none.</summary>
    private T? Parse<T>(string name, TryParser<T> tryParse, string message, bool required)
        where T : struct
    {
        if (!TryGetString(name, required, out var text))
        {
            return null;
        }

        if (!tryParse(text, out var value))
        {
            Errors.Add(Path(name), message);
            return null;
        }

        return value;
    }

    /// <summary>The field's text; false (with an error when it is required, not a string or not valid UTF-16) otherwise.</summary>
    private bool TryGetString(string name, bool required, out string value)
    {
        if (!TryGet(name, out var element))
        {
            if (required)
            {
                Errors.Add(Path(name), Messages.Required);
            }

            value = string.Empty;
            return false;
        }

        return JsonText.TryGetString(element, Path(name), Errors, out value);
    }
}
