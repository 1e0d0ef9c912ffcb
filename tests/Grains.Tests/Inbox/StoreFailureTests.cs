using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Grains.Hosting;
using Notifications.Grains.Storage;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>
/// A store that fails: the caller gets <see cref="StoreUnavailableException"/> (the driver's own
/// exception cannot cross the wire), nothing is half-applied, and the inbox recovers from the store.
/// </summary>
public sealed class StoreFailureTests(StoreFailureTests.Fixture fixture) : IClassFixture<StoreFailureTests.Fixture>
{
    private static readonly NotificationDetails Draft = NotificationDetails.Of(NotificationType.NewMessage) with { SenderId = "bob" };

    [Fact]
    public async Task A_failed_write_reaches_the_caller_as_store_unavailable_and_the_inbox_stays_consistent()
    {
        var inbox = fixture.Cluster.Client.GetGrain<IUserInboxGrain>("failing-" + Guid.NewGuid().ToString("N"));
        var first = (await inbox.CreateAsync(Draft)).Notification!;

        fixture.Store.FailWrites = true;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => inbox.CreateAsync(Draft));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => inbox.MarkReadAsync(first.Id));
        fixture.Store.FailWrites = false;

        var counts = await inbox.GetCountsAsync();
        Assert.Equal((1, 1), (counts.Total, counts.Unread));
        var next = (await inbox.CreateAsync(Draft)).Notification!;
        Assert.True(next.Seq > first.Seq);
        Assert.Equal([next.Id, first.Id], (await inbox.ListAsync(new NotificationQuery())).Items.Select(n => n.Id));
    }

    [Fact]
    public async Task An_inbox_that_cannot_load_answers_store_unavailable_then_loads_when_the_store_is_back()
    {
        var inbox = fixture.Cluster.Client.GetGrain<IUserInboxGrain>("unloadable-" + Guid.NewGuid().ToString("N"));

        fixture.Store.FailLoads = true;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => inbox.GetCountsAsync());
        fixture.Store.FailLoads = false;

        Assert.Equal(0, (await inbox.GetCountsAsync()).Total);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("store-failure-tests-").FullName;

        public FaultInjectingStore Store { get; private set; } = null!;

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var storage = new StorageOptions { SqlitePath = Path.Combine(_directory, "notifications.db") };
            Store = new FaultInjectingStore(new SqliteNotificationStore(Options.Create(storage), NullLogger<SqliteNotificationStore>.Instance));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = storage.SqlitePath,
            }).Build();

            var builder = new InProcessTestClusterBuilder(1);
            builder.ConfigureSilo((_, silo) =>
            {
                // Registered first: the store wiring only adds a store when none is registered.
                silo.Services.AddSingleton<INotificationStore>(Store);
                silo.AddNotificationGrains(configuration);
            });
            Cluster = builder.Build();
            await Cluster.DeployAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Cluster.DisposeAsync();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The real SQLite store, with a switch that makes it fail the way a database does.</summary>
    public sealed class FaultInjectingStore(INotificationStore inner) : INotificationStore
    {
        public volatile bool FailWrites;
        public volatile bool FailLoads;

        private static SqliteException Failure() => new("disk I/O error", 10);

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

        public Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailLoads ? throw Failure() : inner.LoadInboxAsync(userId, recentLimit, now, cancellationToken);

        public Task InsertAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.InsertAsync(notifications, cancellationToken);

        public Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.FindAsync(userId, id, now, cancellationToken);

        public Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.FindByIdempotencyKeyAsync(userId, idempotencyKey, now, cancellationToken);

        public Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.FindCollapseTargetAsync(userId, collapseKey, now, cancellationToken);

        public Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.ListAsync(userId, query, now, cancellationToken);

        public Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.UpdateAsync(notification, idempotencyKey, now, cancellationToken);

        public Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.MarkAllReadAsync(userId, type, conversationId, upToSeq, readAt, now, cancellationToken);

        public Task<IReadOnlyList<ChangedNotification>> MarkSeenAsync(string userId, long upToSeq, DateTimeOffset seenAt, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.MarkSeenAsync(userId, upToSeq, seenAt, now, cancellationToken);

        public Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.ArchiveReadAsync(userId, archivedAt, now, cancellationToken);

        public Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.DeleteAsync(userId, id, now, cancellationToken);

        public Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.DeleteByMessageAsync(userId, messageId, now, cancellationToken);

        public Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.TrimOldestAsync(userId, count, now, cancellationToken);

        public Task<IReadOnlyList<string>> FindUsersByMessageAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.FindUsersByMessageAsync(messageId, now, cancellationToken);

        public Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.SavePreferencesAsync(userId, preferences, audit, cancellationToken);

        public Task<long> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken) =>
            FailWrites ? throw Failure() : inner.AppendAuditAsync(record, cancellationToken);

        public Task<AuditPage> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken) =>
            inner.ListAuditAsync(beforeId, limit, cancellationToken);

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
            inner.DeleteExpiredAsync(now, batchSize, cancellationToken);
    }
}
