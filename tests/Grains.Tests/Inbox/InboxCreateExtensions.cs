namespace Notifications.Grains.Tests.Inbox;

/// <summary>Tests create from details (what a producer sent) with an optional idempotency key.</summary>
internal static class InboxCreateExtensions
{
    public static Task<CreateResult> CreateAsync(this IUserInboxGrain inbox, NotificationDetails details, string? idempotencyKey = null) =>
        inbox.CreateAsync(new NotificationDraft(details, idempotencyKey));
}
