using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>String rules shared by the readers: JSON kind, UTF-16 validity and code-point lengths.</summary>
internal static class JsonText
{
    /// <summary>
    /// Reads a JSON string. A <c>"\ud800"</c> escape is valid JSON but not valid UTF-16: it is a field
    /// error here (never an exception, never a U+FFFD silently stored), like any non-string kind.
    /// </summary>
    public static bool TryGetString(JsonElement element, string path, ValidationErrors errors, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, Messages.String);
            return false;
        }

        if (!TryDecode(element, out var text))
        {
            errors.Add(path, Messages.InvalidText);
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>Decodes a string element; false when it is not well-formed UTF-16.</summary>
    public static bool TryDecode(JsonElement element, out string value)
    {
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }

        // Checked again rather than trusting GetString to throw on every unpaired surrogate.
        return IsWellFormed(value);
    }

    /// <summary>Decodes a property name; false when it is not well-formed UTF-16.</summary>
    public static bool TryDecodeName(JsonProperty property)
    {
        try
        {
            return IsWellFormed(property.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool IsWellFormed(string value)
    {
        var span = value.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        for (; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The number of Unicode code points of a well-formed string: a surrogate pair counts once.</summary>
    public static int CodePoints(string value)
    {
        var span = value.AsSpan();
        var count = span.Length;
        for (var i = span.IndexOfAnyInRange('\uDC00', '\uDFFF'); i >= 0 && i < span.Length; i++)
        {
            if (char.IsLowSurrogate(span[i]) && i > 0 && char.IsHighSurrogate(span[i - 1]))
            {
                count--;
            }
        }

        return count;
    }

    public static bool HasLength(string value, int min, int max)
    {
        // Code points never outnumber UTF-16 units and are at least half of them: skip counting when
        // the length alone decides.
        if (value.Length < min || (value.Length + 1) / 2 > max)
        {
            return false;
        }

        if (value.Length <= max && value.Length >= min && !value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return true;
        }

        var count = CodePoints(value);
        return count >= min && count <= max;
    }
}
