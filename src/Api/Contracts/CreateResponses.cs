using System.Text.Json.Serialization;
using Notifications.Api.OpenApi;

namespace Notifications.Api.Contracts;

/// <summary>The answer to a single create: a notification for created/duplicate, a reason otherwise.</summary>
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
public sealed record FanOutResponse(int Created, int Duplicate, int Suppressed, int RateLimited, IReadOnlyList<FanOutResult> Results);

/// <summary>The payload of <c>notification:read</c>.</summary>
[SchemaName("NotificationReadEvent")]
public sealed record ReadEventResponse(
    IReadOnlyList<string> Ids,
    bool All,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), WireEnum(WireEnums.NotificationType)] string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationId,
    DateTimeOffset ReadAt);

/// <summary>The payload of <c>notification:deleted</c>.</summary>
[SchemaName("NotificationDeletedEvent")]
public sealed record DeletedEventResponse(string Id);

public sealed record TokenResponse(string Token);
