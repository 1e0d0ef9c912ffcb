namespace Notifications;

/// <summary>
/// A validated request to notify one user: what a producer sent, already checked against the
/// contract's limits at the edge. The inbox still sanitizes, filters, formats and stamps it.
/// </summary>
/// <param name="IdempotencyKey">The producer's key: a retry with it answers the first notification.</param>
[GenerateSerializer, Immutable, Alias("notifications.NotificationDraft")]
public sealed record NotificationDraft(
    [property: Id(0)] NotificationDetails Details,
    [property: Id(1)] string? IdempotencyKey = null)
{
    /// <summary>A draft of <paramref name="type"/> with nothing else set (<see cref="NotificationDetails.Of"/>).</summary>
    public static NotificationDraft Of(NotificationType type) => new(NotificationDetails.Of(type));
}
