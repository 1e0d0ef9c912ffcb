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

    [Url, StringLength(NotificationDraftReader.MaxUrl), Description("An absolute http or https URL.")]
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
     Description("A repeat for the same user answers duplicate with the notification it was folded into, as it is now.")]
    public string? IdempotencyKey { get; init; }

    [RegularExpression(Identifiers.ReferenceIdPattern),
     Description("Replaces the user's newest unread, unarchived, unsnoozed, unexpired notification with this key instead of adding one (status replaced).")]
    public string? CollapseKey { get; init; }

    [MaxLength(NotificationDraftReader.MaxActions), Description("At most 3 buttons, ids distinct within the notification.")]
    public IReadOnlyList<NotificationActionBody>? Actions { get; init; }
}

/// <summary>One button of a CreateNotification.</summary>
[SchemaName("NotificationActionRequest")]
public sealed class NotificationActionBody
{
    [Required, RegularExpression(Identifiers.ActionIdPattern)]
    public required string Id { get; init; }

    [Required, StringLength(NotificationDraftReader.MaxActionLabel, MinimumLength = 1),
     Description("Plain text (sanitized like the other text fields); it must keep some text once sanitized.")]
    public required string Label { get; init; }

    [Url, StringLength(NotificationDraftReader.MaxUrl), Description("An absolute http or https URL.")]
    public string? Url { get; init; }
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
    internal const string UpToSeqMeaning = "Only those with seq at most this: an integer written without a fraction or an exponent.";
    internal const string MaxSeq = "9223372036854775807";

    [WireEnum(WireEnums.NotificationType)]
    public string? Type { get; init; }

    [RegularExpression(Identifiers.ReferenceIdPattern)]
    public string? ConversationId { get; init; }

    [Range(typeof(long), "0", MaxSeq, ParseLimitsInInvariantCulture = true), Description(UpToSeqMeaning)]
    public long? UpToSeq { get; init; }
}

/// <summary>The body of <c>PATCH /api/notifications/seen</c>.</summary>
[SchemaName("SeenRequest")]
public sealed class SeenRequestBody
{
    [Required, Range(typeof(long), "0", ReadAllRequestBody.MaxSeq, ParseLimitsInInvariantCulture = true), Description(ReadAllRequestBody.UpToSeqMeaning)]
    public required long UpToSeq { get; init; }
}

/// <summary>The body of <c>PATCH /api/notifications/{id}/snooze</c>.</summary>
[SchemaName("SnoozeRequest")]
public sealed class SnoozeRequestBody
{
    [Required, Description("After now, at most 30 days ahead; a UTC offset is allowed (answers give it in UTC).")]
    public required DateTimeOffset Until { get; init; }
}

/// <summary>The body of <c>POST /api/notifications/retract</c>.</summary>
[SchemaName("RetractRequest")]
public sealed class RetractRequestBody
{
    [Required, RegularExpression(Identifiers.ReferenceIdPattern)]
    public required string MessageId { get; init; }
}

/// <summary>The body of <c>PUT /api/notifications/preferences</c>, which replaces the whole document.</summary>
[SchemaName("PreferencesRequest")]
public sealed class PreferencesRequestBody
{
    [MaxLength(PreferencesReader.MaxEntries), WireEnum(WireEnums.NotificationType), Description("Omitted or null is empty; repeats are stored once.")]
    public IReadOnlyList<string>? DisabledTypes { get; init; }

    [MaxLength(PreferencesReader.MaxEntries), Description("Reference ids; omitted or null is empty; repeats are stored once.")]
    public IReadOnlyList<string>? MutedConversations { get; init; }

    [Description("Omitted or null is the default (disabled, 22:00 to 07:00, UTC).")]
    public DndRequestBody? Dnd { get; init; }

    [Description("At most 7 days ahead; a UTC offset is allowed. Omitted, null or already past: no pause.")]
    public DateTimeOffset? PausedUntil { get; init; }
}

/// <summary>The <c>dnd</c> of a preferences PUT: <c>start</c>, <c>end</c> and <c>timeZone</c> are required when <c>enabled</c> is true.</summary>
[SchemaName("DoNotDisturbRequest")]
public sealed class DndRequestBody
{
    [Required]
    public required bool Enabled { get; init; }

    [RegularExpression(PreferencesReader.TimePattern), Description("HH:mm (24 h); 22:00 when omitted and enabled is false.")]
    public string? Start { get; init; }

    [RegularExpression(PreferencesReader.TimePattern), Description("HH:mm (24 h); 07:00 when omitted and enabled is false.")]
    public string? End { get; init; }

    [Description("An IANA time zone; UTC when omitted and enabled is false.")]
    public string? TimeZone { get; init; }
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
