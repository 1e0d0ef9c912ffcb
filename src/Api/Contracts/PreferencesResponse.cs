using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Notifications.Api.OpenApi;
using Notifications.Api.Validation;

namespace Notifications.Api.Contracts;

[SchemaName("DoNotDisturb")]
public sealed record DndResponse(
    bool Enabled,
    [property: RegularExpression(PreferencesReader.TimePattern), Description("HH:mm (24 h), local time in timeZone.")] string Start,
    [property: RegularExpression(PreferencesReader.TimePattern), Description("HH:mm (24 h); the window [start, end) may cross midnight.")] string End,
    [property: Description("An IANA time zone, e.g. Europe/Paris.")] string TimeZone);

/// <summary>The Preferences of API.md; DND times exactly as <c>HH:mm</c>; <c>pausedUntil</c> null once it has passed.</summary>
[SchemaName("Preferences")]
public sealed record PreferencesResponse(
    [property: WireEnum(WireEnums.NotificationType)] IReadOnlyList<string> DisabledTypes,
    IReadOnlyList<string> MutedConversations,
    DndResponse Dnd,
    [property: Description("Until then every notification that is not urgent is created silent, as in DND; null when not paused.")] DateTimeOffset? PausedUntil)
{
    public static PreferencesResponse From(NotificationPreferences p) => new(
        p.DisabledTypes.Select(t => t.ToName()).ToArray(),
        p.MutedConversations,
        new DndResponse(p.Dnd.Enabled, Format(p.Dnd.Start), Format(p.Dnd.End), p.Dnd.TimeZone),
        p.PausedUntil);

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
