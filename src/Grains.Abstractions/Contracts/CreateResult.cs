namespace Notifications;

/// <summary>What became of one create, for one recipient.</summary>
public enum CreateStatus
{
    Created,

    /// <summary>It replaced the user's notification with the same collapse key (same id, new seq).</summary>
    Replaced,
    Duplicate,
    Suppressed,
    RateLimited,
}

/// <summary>
/// The answer to a create. <see cref="Notification"/> is set for <see cref="CreateStatus.Created"/>,
/// <see cref="CreateStatus.Replaced"/> and <see cref="CreateStatus.Duplicate"/>; <see cref="Reason"/> for the other two
/// (<c>type_disabled</c>, <c>conversation_muted</c>, <c>mention_limit</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.CreateResult")]
public sealed record CreateResult(
    [property: Id(0)] CreateStatus Status,
    [property: Id(1)] Notification? Notification = null,
    [property: Id(2)] string? Reason = null)
{
    public const string TypeDisabled = "type_disabled";
    public const string ConversationMuted = "conversation_muted";
    public const string MentionLimit = "mention_limit";

    public static CreateResult Created(Notification notification) => new(CreateStatus.Created, notification);

    public static CreateResult Replaced(Notification notification) => new(CreateStatus.Replaced, notification);

    public static CreateResult Duplicate(Notification notification) => new(CreateStatus.Duplicate, notification);

    public static CreateResult Suppressed(string reason) => new(CreateStatus.Suppressed, Reason: reason);

    public static CreateResult RateLimited() => new(CreateStatus.RateLimited, Reason: MentionLimit);
}
