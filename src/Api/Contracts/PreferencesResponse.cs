using System.Globalization;

namespace Notifications.Api.Contracts;

public sealed record DndResponse(bool Enabled, string Start, string End, string TimeZone);

/// <summary>The Preferences of API.md; DND times exactly as <c>HH:mm</c>.</summary>
public sealed record PreferencesResponse(IReadOnlyList<string> DisabledTypes, IReadOnlyList<string> MutedConversations, DndResponse Dnd)
{
    public static PreferencesResponse From(NotificationPreferences p) => new(
        p.DisabledTypes.Select(t => t.ToName()).ToArray(),
        p.MutedConversations,
        new DndResponse(p.Dnd.Enabled, Format(p.Dnd.Start), Format(p.Dnd.End), p.Dnd.TimeZone));

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
