namespace Notifications;

/// <summary>
/// What a notification says: the fields a create sets, in one shape for the draft (as the producer
/// sent them) and the stored notification (as the inbox formatted them, SPEC §4). A new field of a
/// create is a property here, a row in the stores' column table and a migration.
/// </summary>
/// <remarks>
/// In a draft, an empty <see cref="Title"/> means "none sent": the inbox generates one, as it does
/// for a title that is empty once sanitized, so the two need no separate spelling.
/// </remarks>
[GenerateSerializer, Immutable, Alias("notifications.NotificationDetails")]
public sealed record NotificationDetails
{
    [Id(0)] public required NotificationType Type { get; init; }
    [Id(1)] public string Title { get; init; } = string.Empty;
    [Id(2)] public string? Content { get; init; }

    /// <summary>In a draft without one, the type's default (<see cref="NotificationTypes.DefaultPriority"/>).</summary>
    [Id(3)] public required NotificationPriority Priority { get; init; }

    [Id(4)] public string? SenderId { get; init; }
    [Id(5)] public string? SenderUsername { get; init; }
    [Id(6)] public string? SenderAvatar { get; init; }
    [Id(7)] public string? MessagePreview { get; init; }
    [Id(8)] public string? ConversationId { get; init; }
    [Id(9)] public string? MessageId { get; init; }
    [Id(10)] public string? CallSessionId { get; init; }

    /// <summary>The producer's <c>data</c> object as JSON text, exactly as received; null when absent.</summary>
    [Id(11)] public string? DataJson { get; init; }

    [Id(12)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A create with the same key replaces the newest unread, unarchived, unsnoozed one holding it.</summary>
    [Id(13)] public string? CollapseKey { get; init; }

    /// <summary>Up to three buttons; empty when none.</summary>
    [Id(14)] public NotificationActions Actions { get; init; }

    /// <summary>A draft of <paramref name="type"/> with its default priority and a generated title.</summary>
    public static NotificationDetails Of(NotificationType type) => new() { Type = type, Priority = type.DefaultPriority() };
}
