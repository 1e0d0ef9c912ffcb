using System.Globalization;
using System.Text.RegularExpressions;

namespace Notifications.Api.Validation;

/// <summary>How every request time is read (<c>expiresAt</c>, <c>until</c>, <c>pausedUntil</c>).</summary>
internal static partial class Timestamps
{
    public const string Message = "Must be an ISO 8601 date and time with a time zone, e.g. 2026-11-24T10:00:00Z.";

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm[:ss[.fraction]]</c> followed by <c>Z</c> or an offset <c>±HH:mm</c>
    /// (<c>T</c> and <c>Z</c> in either case, as RFC 3339 allows). A time without a zone is refused:
    /// it would be read in the server's zone. Digits of the fraction beyond the seventh are dropped
    /// (Go sends nine). The result is UTC, truncated to milliseconds like every stored time.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Pattern().Match(text);
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
    private static partial Regex Pattern();
}
