using System.Text.RegularExpressions;
using Notifications.Grains.Domain;

namespace Notifications.ServiceDefaults;

/// <summary>
/// The one redaction every console format and every exported span applies (SPEC §8: logs never
/// carry raw user ids nor credentials): user ids inside grain ids
/// (<c>userinbox/alice</c> → <c>userinbox/#2bd806c97f0e00af</c>) are replaced by their hash, and
/// bearer tokens by <c>[redacted]</c>, in messages, exceptions, structured values and span
/// attributes alike. Orleans' own messages and spans name grains by key, and keys are user ids;
/// ASP.NET Core logs each request's URL, and browsers' SignalR connections carry their token in it.
/// </summary>
public static partial class LogRedaction
{
    /// <summary>What stands in for a token.</summary>
    public const string RedactedToken = "[redacted]";

    /// <summary>
    /// Replaces the key of every user-keyed grain id in <paramref name="text"/> by its hash, and
    /// every <c>access_token</c> query value and every JWT by <see cref="RedactedToken"/>.
    /// Returns <paramref name="text"/> itself when there is nothing to redact.
    /// </summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = GrainKey().Replace(text, match => $"{match.Groups["type"].Value}/#{UserIdHash.Of(match.Groups["key"].Value)}");

        // This runs on every log line: the cheap search first, the regex only where it can match.
        if (redacted.Contains("access_token=", StringComparison.OrdinalIgnoreCase))
        {
            redacted = AccessTokenValue().Replace(redacted, RedactedToken);
        }

        // A JWT's header is base64url of '{"…', so every one starts "eyJ"; this also catches tokens
        // outside a query string (a header echoed in an exception, a token pasted into a message).
        if (redacted.Contains("eyJ", StringComparison.Ordinal))
        {
            redacted = Jwt().Replace(redacted, RedactedToken);
        }

        return redacted;
    }

    // Inbox keys are user ids; mention-limiter keys are "sender/recipient", both user ids; producer
    // quotas are keyed by the token's subject, which is a user id too.
    [GeneratedRegex(@"(?<type>userinbox|mentionlimiter|producerquota)/(?<key>[A-Za-z0-9_\-]+(?:/[A-Za-z0-9_\-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex GrainKey();

    // Query keys are matched case-insensitively by ASP.NET Core, so Access_Token= is a token too;
    // the value runs to the next parameter or the end of the URL, whatever it holds.
    [GeneratedRegex(@"(?<=\baccess_token=)[^&#\s""']+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AccessTokenValue();

    // Header and payload, then the signature (JWS) or the remaining parts (JWE), each possibly empty.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*)*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
