using System.ComponentModel;
using Notifications.Api.OpenApi;

namespace Notifications.Api.Contracts;

/// <summary>The Notification of API.md, property for property and in its order.</summary>
[SchemaName("Notification")]
public sealed record NotificationResponse(
    [property: Description("Opaque, issued by the server.")] string Id,
    string UserId,
    [property: Description("The user's sequence number: strictly increasing in creation order; catch up with afterSeq.")] long Seq,
    [property: WireEnum(WireEnums.NotificationType)] string Type,
    [property: Description("Plain text (never markup); generated when the producer sent none.")] string Title,
    [property: Description("Plain text; null when the producer sent none.")] string? Content,
    [property: WireEnum(WireEnums.NotificationPriority)] string Priority,
    bool IsRead,
    DateTimeOffset? ReadAt,
    DateTimeOffset CreatedAt,
    string? SenderId,
    string? SenderUsername,
    string? SenderAvatar,
    string? MessagePreview,
    string? ConversationId,
    string? MessageId,
    string? CallSessionId,
    [property: Description("The producer's object, as sent.")] RawJson? Data,
    [property: Description("After this time it is never counted, listed or returned.")] DateTimeOffset? ExpiresAt,
    [property: Description("Created (or back from snooze) during do-not-disturb or a pause: show it without sound or popup.")] bool Silent,
    [property: Description("When the user saw it; a read notification is always seen.")] DateTimeOffset? SeenAt,
    DateTimeOffset? ArchivedAt,
    [property: Description("When it returns to the inbox; null unless snoozed.")] DateTimeOffset? SnoozedUntil,
    [property: Description("A later create with this key replaces it while it is unread, unarchived and unsnoozed.")] string? CollapseKey,
    [property: Description("How many creates it stands for: 1, plus one per replacement by its collapse key.")] int CollapsedCount,
    [property: Description("Up to three buttons, in the producer's order; empty when none.")] IReadOnlyList<NotificationActionResponse> Actions,
    [property: Description("The id of the action the user took, or null.")] string? ActedAction,
    DateTimeOffset? ActedAt)
{
    public static NotificationResponse From(Notification n)
    {
        var d = n.Details;
        return new(
            n.Id, n.UserId, n.Seq, d.Type.ToName(), d.Title, d.Content, d.Priority.ToName(), n.IsRead, n.ReadAt,
            n.CreatedAt, d.SenderId, d.SenderUsername, d.SenderAvatar, d.MessagePreview, d.ConversationId,
            d.MessageId, d.CallSessionId, d.DataJson is { } data ? new RawJson(data) : null, d.ExpiresAt, n.Silent,
            n.SeenAt, n.ArchivedAt, n.SnoozedUntil, d.CollapseKey, n.CollapsedCount,
            d.Actions.Select(a => new NotificationActionResponse(a.Id, a.Label, a.Url)).ToArray(), n.ActedAction, n.ActedAt);
    }
}

/// <summary>One button of a notification; <c>url</c> is null when the producer gave none.</summary>
[SchemaName("NotificationAction")]
public sealed record NotificationActionResponse(string Id, [property: Description("Plain text.")] string Label, string? Url);

/// <summary>A page of the list: newest first, or oldest first for catch-up (then no cursor).</summary>
[SchemaName("ListResponse")]
public sealed record NotificationListResponse(IReadOnlyList<NotificationResponse> Items, string? NextCursor, bool HasMore);

/// <summary>
/// The Counts of API.md: total, unread, unseen, by type and by priority count the notifications
/// that are neither archived nor snoozed (the last two count unread ones; zeros omitted);
/// archived and snoozed count those states.
/// </summary>
[SchemaName("Counts")]
public sealed record CountsResponse(
    int Total,
    int Unread,
    [property: Description("Neither archived nor snoozed, and not seen.")] int Unseen,
    int Archived,
    int Snoozed,
    [property: WireEnumKeys(WireEnums.NotificationType)] Dictionary<string, int> ByType,
    [property: WireEnumKeys(WireEnums.NotificationPriority)] Dictionary<string, int> ByPriority,
    [property: Description("The highest seq ever assigned to the user (0 if none); it never decreases.")] long LastSeq)
{
    public static CountsResponse From(InboxCounts c) => new(
        c.Total,
        c.Unread,
        c.Unseen,
        c.Archived,
        c.Snoozed,
        c.ByType.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value),
        c.ByPriority.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value),
        c.LastSeq);
}

/// <summary>The answer to a change of many notifications at once (read-all, seen, archive-read): how many changed, and the counts after it.</summary>
[SchemaName("InboxChange")]
public sealed record InboxChangeResponse(int Updated, CountsResponse Counts)
{
    public static InboxChangeResponse From(InboxChange change) => new(change.Updated, CountsResponse.From(change.Counts));
}
