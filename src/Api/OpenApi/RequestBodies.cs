using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Notifications.Api.Contracts;
using Notifications.Api.Validation;

namespace Notifications.Api.OpenApi;

// The request bodies are read by hand (Validation/*Reader.cs), so no C# type carries them; these
// describe them for the OpenAPI document only, with the readers' own limits. A property sent as
// JSON null counts as absent, hence the nullable optional ones.

/// <summary>CreateNotification without <c>userId</c>: the <c>notification</c> of a batch.</summary>
[SchemaName("BatchNotification")]
public class NotificationFieldsBody
{
    [Required, WireEnum(WireEnums.NotificationType)]
    public required string Type { get; init; }

    [StringLength(NotificationDraftReader.MaxTitle), Description("Generated (SPEC §4) when absent or empty once sanitized.")]
    public string? Title { get; init; }

    [StringLength(NotificationDraftReader.MaxContent)]
    public string? Content { get; init; }

    [WireEnum(WireEnums.NotificationPriority), Description("The type's default (SPEC §3) when absent.")]
    public string? Priority { get; init; }

    [RegularExpression(Identifiers.UserIdPattern)]
    public string? SenderId { get; init; }

    [StringLength(NotificationDraftReader.MaxSenderUsername)]
    public string? SenderUsername { get; init; }

    [Url, StringLength(NotificationDraftReader.MaxSenderAvatar), Description("An absolute http or https URL.")]
    public string? SenderAvatar { get; init; }

    [StringLength(NotificationDraftReader.MaxMessagePreview)]
    public string? MessagePreview { get; init; }

    [RegularExpression(Identifiers.ReferenceIdPattern)]
    public string? ConversationId { get; init; }

    [RegularExpression(Identifiers.ReferenceIdPattern)]
    public string? MessageId { get; init; }

    [RegularExpression(Identifiers.ReferenceIdPattern)]
    public string? CallSessionId { get; init; }

    [Description("Any JSON object: at most 10 KB and 32 levels of objects or arrays, itself included.")]
    public RawJson? Data { get; init; }

    [Description("Must be in the future.")]
    public DateTimeOffset? ExpiresAt { get; init; }

    [StringLength(NotificationDraftReader.MaxIdempotencyKey, MinimumLength = 1),
     Description("A repeat for the same user answers duplicate with the stored notification.")]
    public string? IdempotencyKey { get; init; }
}

/// <summary>The body of <c>POST /api/notifications</c>.</summary>
[SchemaName("CreateNotification")]
public sealed class CreateNotificationBody : NotificationFieldsBody
{
    [Required, RegularExpression(Identifiers.UserIdPattern), JsonPropertyOrder(-1)]
    public required string UserId { get; init; }
}

/// <summary>The body of <c>POST /api/notifications/batch</c>.</summary>
[SchemaName("BatchRequest")]
public sealed class BatchRequestBody
{
    [Required, MinLength(1), MaxLength(UserIdListReader.MaxUserIds), Description("Distinct user ids, each 1–64 characters of [A-Za-z0-9_-].")]
    public required IReadOnlyList<string> UserIds { get; init; }

    [Required]
    public required NotificationFieldsBody Notification { get; init; }
}

/// <summary>The body of <c>POST /api/admin/broadcast</c>: a <c>system</c> notification.</summary>
[SchemaName("BroadcastRequest")]
public sealed class BroadcastRequestBody
{
    [Required, MinLength(1), MaxLength(UserIdListReader.MaxUserIds), Description("Distinct user ids, each 1–64 characters of [A-Za-z0-9_-].")]
    public required IReadOnlyList<string> UserIds { get; init; }

    [Required, StringLength(NotificationDraftReader.MaxTitle, MinimumLength = 1)]
    public required string Title { get; init; }

    [Required, StringLength(NotificationDraftReader.MaxContent)]
    public required string Content { get; init; }

    [WireEnum(WireEnums.NotificationPriority)]
    public string? Priority { get; init; }
}

/// <summary>The optional body of <c>PATCH /api/notifications/read-all</c>; no body means no filter.</summary>
[SchemaName("ReadAllRequest")]
public sealed class ReadAllRequestBody
{
    [WireEnum(WireEnums.NotificationType)]
    public string? Type { get; init; }

    [RegularExpression(Identifiers.ReferenceIdPattern)]
    public string? ConversationId { get; init; }
}

/// <summary>The body of <c>POST /dev/token</c> (Development only).</summary>
[SchemaName("DevTokenRequest")]
public sealed class DevTokenRequestBody
{
    [Required, RegularExpression(Identifiers.UserIdPattern)]
    public required string UserId { get; init; }

    [Description("e.g. service (may create notifications), admin (may broadcast).")]
    public IReadOnlyList<string>? Roles { get; init; }
}
