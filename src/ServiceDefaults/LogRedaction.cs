using System.Text.RegularExpressions;
using Notifications.Grains.Domain;

namespace Notifications.ServiceDefaults;

/// <summary>
/// The one redaction every console format applies (SPEC §8: logs never carry raw user ids):
/// user ids inside grain ids (<c>userinbox/alice</c> → <c>userinbox/#2bd806c97f0e00af</c>) are
/// replaced by their hash, in messages, exceptions and structured values alike. Orleans' own
/// messages and exceptions name grains by key, and keys are user ids.
/// </summary>
public static partial class LogRedaction
{
    /// <summary>Replaces the key of every user-keyed grain id in <paramref name="text"/> by its hash.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return GrainKey().Replace(text, match => $"{match.Groups["type"].Value}/#{UserIdHash.Of(match.Groups["key"].Value)}");
    }

    // Inbox keys are user ids; mention-limiter keys are "sender/recipient", both user ids.
    [GeneratedRegex(@"(?<type>userinbox|mentionlimiter)/(?<key>[A-Za-z0-9_\-]+(?:/[A-Za-z0-9_\-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex GrainKey();
}
