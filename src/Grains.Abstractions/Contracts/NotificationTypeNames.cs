using System.Collections.Frozen;

namespace Notifications;

/// <summary>
/// The snake_case names of <see cref="NotificationType"/> and the lower-case names of
/// <see cref="NotificationPriority"/>: the names of the HTTP contract and of the stores' columns.
/// </summary>
public static class NotificationTypeNames
{
    private static readonly string[] TypeNames =
    [
        "new_message", "message_reply", "user_mentioned", "message_reaction", "contact_request",
        "contact_accepted", "new_conversation_direct", "new_conversation_group", "member_joined",
        "missed_call", "system",
    ];

    private static readonly string[] PriorityNames = ["low", "normal", "high", "urgent"];

    private static readonly FrozenDictionary<string, NotificationType> TypesByName =
        TypeNames.Select((name, i) => (name, i)).ToFrozenDictionary(x => x.name, x => (NotificationType)x.i, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, NotificationPriority> PrioritiesByName =
        PriorityNames.Select((name, i) => (name, i)).ToFrozenDictionary(x => x.name, x => (NotificationPriority)x.i, StringComparer.Ordinal);

    public static IReadOnlyList<NotificationType> AllTypes { get; } = Enum.GetValues<NotificationType>();

    public static IReadOnlyList<NotificationPriority> AllPriorities { get; } = Enum.GetValues<NotificationPriority>();

    public static string ToName(this NotificationType type) => TypeNames[(int)type];

    public static string ToName(this NotificationPriority priority) => PriorityNames[(int)priority];

    /// <summary>Parses a wire name, exactly (case-sensitive, no numbers).</summary>
    public static bool TryParseType(string? name, out NotificationType type) =>
        TypesByName.TryGetValue(name ?? string.Empty, out type);

    /// <summary>Parses a wire name, exactly (case-sensitive, no numbers).</summary>
    public static bool TryParsePriority(string? name, out NotificationPriority priority) =>
        PrioritiesByName.TryGetValue(name ?? string.Empty, out priority);
}
