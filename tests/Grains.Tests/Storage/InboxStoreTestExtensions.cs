using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

internal static class InboxStoreTestExtensions
{
    /// <summary>Inserts notifications made by creates without an idempotency key.</summary>
    public static Task InsertAsync(this IInboxStore store, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken) =>
        store.InsertAsync([.. notifications.Select(n => new NewNotification(n))], cancellationToken);
}
