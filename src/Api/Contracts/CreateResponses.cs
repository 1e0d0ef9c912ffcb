using System.ComponentModel;
using System.Text.Json.Serialization;
using Notifications.Api.OpenApi;

namespace Notifications.Api.Contracts;

/// <summary>The answer to a single create: a notification for created, replaced and duplicate, a reason otherwise.</summary>
public sealed record CreateResponse(
    [property: WireEnum(WireEnums.CreateStatus)] string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NotificationResponse? Notification,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), WireEnum(WireEnums.CreateReason)] string? Reason)
{
    public static CreateResponse From(CreateResult result) => new(
        StatusName(result.Status),
        result.Notification is { } n ? NotificationResponse.From(n) : null,
        result.Reason);

    public static string StatusName(CreateStatus status) => status switch
    {
        CreateStatus.Created => "created",
        CreateStatus.Replaced => "replaced",
        CreateStatus.Duplicate => "duplicate",
        CreateStatus.Suppressed => "suppressed",
        CreateStatus.RateLimited => "rate_limited",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

[SchemaName("BatchResult")]
public sealed record FanOutResult(
    string UserId,
    [property: WireEnum(WireEnums.CreateStatus)] string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

/// <summary>The answer to a batch or a broadcast: totals, and one result per user in the order sent.</summary>
[SchemaName("BatchResponse")]
public sealed record FanOutResponse(
    int Created,
    [property: Description("Replaced the user's notification with the same collapse key (always 0 for a broadcast).")] int Replaced,
    int Duplicate,
    int Suppressed,
    int RateLimited,
    IReadOnlyList<FanOutResult> Results);

/// <summary>The answer to a retract: how many notifications were deleted, across every inbox.</summary>
[SchemaName("RetractResult")]
public sealed record RetractResponse(int Deleted);

/// <summary>The payload of <c>notification:read</c>.</summary>
[SchemaName("NotificationReadEvent")]
public sealed record ReadEventResponse(
    IReadOnlyList<string> Ids,
    bool All,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), WireEnum(WireEnums.NotificationType)] string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationId,
    DateTimeOffset ReadAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Present when the read-all had one: only those with seq at most this were marked.")] long? UpToSeq);

/// <summary>The payload of <c>notification:seen</c>: every unseen notification in the inbox with seq at most <c>upToSeq</c> was seen.</summary>
[SchemaName("NotificationSeenEvent")]
public sealed record SeenEventResponse(long UpToSeq, DateTimeOffset SeenAt);

/// <summary>The payload of <c>notification:archived</c>, after archive-read: every read notification in the inbox was archived.</summary>
[SchemaName("NotificationArchivedEvent")]
public sealed record ArchivedEventResponse(DateTimeOffset ArchivedAt)
{
    [Description("Always true: every read one in the inbox was archived."), JsonPropertyOrder(-1)]
    public bool All => true;
}

/// <summary>The payload of <c>notification:deleted</c>.</summary>
[SchemaName("NotificationDeletedEvent")]
public sealed record DeletedEventResponse(string Id);

public sealed record TokenResponse(string Token);
