using System.Collections.Immutable;

namespace Notifications;

/// <summary>A user's do-not-disturb window: silent when local time in <see cref="TimeZone"/> is in [Start, End).</summary>
[GenerateSerializer, Immutable, Alias("notifications.DoNotDisturb")]
public sealed record DoNotDisturb(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] TimeOnly Start,
    [property: Id(2)] TimeOnly End,
    [property: Id(3)] string TimeZone)
{
    public static DoNotDisturb Default { get; } = new(false, new TimeOnly(22, 0), new TimeOnly(7, 0), "UTC");
}

/// <summary>
/// A user's preferences. Lists hold each entry once, in the order first sent. Until
/// <see cref="PausedUntil"/> every notification that is not urgent is created silent, as in DND.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationPreferences")]
public sealed record NotificationPreferences(
    [property: Id(0)] ImmutableArray<NotificationType> DisabledTypes,
    [property: Id(1)] ImmutableArray<string> MutedConversations,
    [property: Id(2)] DoNotDisturb Dnd,
    [property: Id(3)] DateTimeOffset? PausedUntil = null)
{
    public static NotificationPreferences Default { get; } = new([], [], DoNotDisturb.Default);

    public bool IsPausedAt(DateTimeOffset now) => PausedUntil is { } until && now < until;
}
