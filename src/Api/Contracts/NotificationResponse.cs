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
    [property: Description("Created during do-not-disturb: show it without sound or popup.")] bool Silent)
{
    public static NotificationResponse From(Notification n)
    {
        var d = n.Details;
        return new(
            n.Id, n.UserId, n.Seq, d.Type.ToName(), d.Title, d.Content, d.Priority.ToName(), n.IsRead, n.ReadAt,
            n.CreatedAt, d.SenderId, d.SenderUsername, d.SenderAvatar, d.MessagePreview, d.ConversationId,
            d.MessageId, d.CallSessionId, d.DataJson is { } data ? new RawJson(data) : null, d.ExpiresAt, n.Silent);
    }
}

/// <summary>A page of the list: newest first, or oldest first for catch-up (then no cursor).</summary>
[SchemaName("ListResponse")]
public sealed record NotificationListResponse(IReadOnlyList<NotificationResponse> Items, string? NextCursor, bool HasMore);

/// <summary>The Counts of API.md: by type and by priority count unread notifications; zeros omitted.</summary>
[SchemaName("Counts")]
public sealed record CountsResponse(
    int Total,
    int Unread,
    [property: WireEnumKeys(WireEnums.NotificationType)] Dictionary<string, int> ByType,
    [property: WireEnumKeys(WireEnums.NotificationPriority)] Dictionary<string, int> ByPriority,
    long LastSeq)
{
    public static CountsResponse From(InboxCounts c) => new(
        c.Total,
        c.Unread,
        c.ByType.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value),
        c.ByPriority.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value),
        c.LastSeq);
}

public sealed record ReadAllResponse(int Updated);
