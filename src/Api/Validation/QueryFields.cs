using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Notifications.Api.Validation;

/// <summary>How every list route reads its query parameters.</summary>
internal static class QueryFields
{
    /// <summary>
    /// True with the value when <paramref name="name"/> is present once (possibly empty); a parameter
    /// given more than once is an error, so no reader has to pick one of the values.
    /// </summary>
    public static bool TryGetSingle(IQueryCollection query, string name, ValidationErrors errors, out string value)
    {
        value = string.Empty;
        if (!query.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return false;
        }

        if (values.Count > 1)
        {
            errors.Add(name, "Must be given only once.");
            return false;
        }

        value = values[0] ?? string.Empty;
        return true;
    }

    /// <summary>
    /// <c>cursor</c>: absent or empty is none (<paramref name="given"/> false); otherwise it must be
    /// one <paramref name="cursors"/> issued to <paramref name="scope"/>, else <paramref name="refusal"/>.
    /// Returns the position it encodes.
    /// </summary>
    public static long? ReadCursor(IQueryCollection query, CursorCodec cursors, string scope, string refusal, ValidationErrors errors, out bool given)
    {
        given = TryGetSingle(query, "cursor", errors, out var cursor) && cursor.Length > 0;
        if (!given)
        {
            return null;
        }

        if (cursors.TryDecode(scope, cursor, out var position))
        {
            return position;
        }

        errors.Add("cursor", refusal);
        return null;
    }

    /// <summary><c>limit</c>: absent is the default; present (even empty) must be an integer from 1 to <see cref="NotificationQuery.MaxLimit"/>.</summary>
    public static int ReadLimit(IQueryCollection query, ValidationErrors errors)
    {
        if (!TryGetSingle(query, "limit", errors, out var text))
        {
            return NotificationQuery.DefaultLimit;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= NotificationQuery.MaxLimit)
        {
            return value;
        }

        errors.Add("limit", $"Must be an integer from 1 to {NotificationQuery.MaxLimit}.");
        return NotificationQuery.DefaultLimit;
    }

    /// <summary>A filter of <c>true</c> or <c>false</c>: absent or empty is null; any other value is an error.</summary>
    public static bool? ReadBoolean(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (!TryGetSingle(query, name, errors, out var text) || text.Length == 0)
        {
            return null;
        }

        switch (text)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors.Add(name, Messages.Boolean);
                return null;
        }
    }
}
