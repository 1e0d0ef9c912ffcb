using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Notifications.Grains.Domain;

/// <summary>The do-not-disturb rule (SPEC §4 step 7) and the IANA time zones it accepts.</summary>
public static class DoNotDisturbWindow
{
    // Only zones that were found are cached, so the cache is bounded by the zones the system knows
    // and cannot be grown by arbitrary strings.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="dnd"/> is enabled and the local time in its zone at
    /// <paramref name="utcNow"/> lies in [Start, End). The window crosses midnight when Start &gt; End;
    /// Start = End is an empty window. An unknown zone is never silent: validation rejects unknown
    /// zones before they are stored, and a zone a later system update removed should not mute a user.
    /// </summary>
    public static bool IsSilent(DoNotDisturb dnd, DateTimeOffset utcNow)
    {
        ArgumentNullException.ThrowIfNull(dnd);
        if (!dnd.Enabled || dnd.Start == dnd.End || !TryGetTimeZone(dnd.TimeZone, out var zone))
        {
            return false;
        }

        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(utcNow, zone).DateTime);
        return dnd.Start < dnd.End
            ? local >= dnd.Start && local < dnd.End
            : local >= dnd.Start || local < dnd.End;
    }

    /// <summary>
    /// Finds an IANA zone by its exact id (case-sensitive, as IANA spells it). Windows ids, which
    /// .NET would also resolve on Linux, and case variants are refused, so a stored zone is always
    /// one canonical IANA name.
    /// </summary>
    public static bool TryGetTimeZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (string.IsNullOrEmpty(id))
        {
            zone = null;
            return false;
        }

        if (Zones.TryGetValue(id, out zone))
        {
            return true;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)
            && found.HasIanaId
            && string.Equals(found.Id, id, StringComparison.Ordinal))
        {
            zone = Zones.GetOrAdd(id, found);
            return true;
        }

        zone = null;
        return false;
    }
}
