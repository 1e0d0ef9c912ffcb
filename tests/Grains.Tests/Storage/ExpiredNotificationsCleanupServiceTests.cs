using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class ExpiredNotificationsCleanupServiceTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_interval_deletes_in_batches_until_a_batch_comes_back_short()
    {
        var time = new FakeTimeProvider(Start);
        var store = new ScriptedCleanupStore(0, 2, 2, 1, 2, 0);
        using var service = CreateService(store, time, batchSize: 2);
        await service.StartAsync(Ct);

        time.Advance(Interval);
        var firstRun = await store.ReadCallsAsync(3);
        time.Advance(Interval);
        var secondRun = await store.ReadCallsAsync(2);
        await service.StopAsync(Ct);

        Assert.All(firstRun, call => Assert.Equal((Start + Interval, 2), call));
        Assert.All(secondRun, call => Assert.Equal((Start + Interval + Interval, 2), call));
    }

    [Fact]
    public async Task One_run_is_bounded_even_when_every_batch_is_full()
    {
        var time = new FakeTimeProvider(Start);
        var store = new ScriptedCleanupStore(fallback: 5);
        using var service = CreateService(store, time, batchSize: 5);
        await service.StartAsync(Ct);

        time.Advance(Interval);
        var firstRun = await store.ReadCallsAsync(ExpiredNotificationsCleanupService.MaxBatchesPerRun);
        time.Advance(Interval);
        var nextCall = await store.ReadCallsAsync(1);
        await service.StopAsync(Ct);

        // The 101st call belongs to the next interval: the first run stopped at the bound.
        Assert.All(firstRun, call => Assert.Equal(Start + Interval, call.Now));
        Assert.Equal(Start + Interval + Interval, nextCall[0].Now);
    }

    [Fact]
    public async Task A_failed_run_is_logged_and_the_next_interval_runs_again()
    {
        var time = new FakeTimeProvider(Start);
        var store = new ScriptedCleanupStore(fallback: 0) { FailFirstCall = true };
        using var service = CreateService(store, time, batchSize: 10);
        await service.StartAsync(Ct);

        time.Advance(Interval);
        var failed = await store.ReadCallsAsync(1);
        time.Advance(Interval);
        var retried = await store.ReadCallsAsync(1);
        await service.StopAsync(Ct);

        Assert.Equal(Start + Interval, failed[0].Now);
        Assert.Equal(Start + Interval + Interval, retried[0].Now);
    }

    [Fact]
    public async Task Advancing_time_deletes_expired_rows_from_a_real_store()
    {
        var directory = Path.Combine(Path.GetTempPath(), "notifications-cleanup-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = SqliteStoreFixture.Create(Path.Combine(directory, "store.db"));
            await store.InitializeAsync(Ct);
            var rows = Enumerable.Range(1, 5).Select(i => new Notification
            {
                Id = $"n{i}",
                UserId = "u",
                Seq = i,
                Details = NotificationDetails.Of(NotificationType.System) with
                {
                    Title = "t",
                    ExpiresAt = i <= 4 ? Start.AddSeconds(30) : null,
                },
                CreatedAt = Start,
            }).ToArray();
            await store.InsertAsync(rows, Ct);
            var time = new FakeTimeProvider(Start);
            using var service = CreateService(store, time, batchSize: 3);
            await service.StartAsync(Ct);

            time.Advance(Interval);

            // Seen from before the expiry, the rows exist until the cleanup deletes them.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            while ((await store.ListAsync("u", new NotificationQuery(), Start, deadline.Token)).Items.Count > 1)
            {
                await Task.Delay(10, deadline.Token);
            }

            await service.StopAsync(Ct);
            Assert.Equal(["n5"], (await store.ListAsync("u", new NotificationQuery(), Start, Ct)).Items.Select(n => n.Id));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ExpiredNotificationsCleanupService CreateService(IStoreMaintenance store, TimeProvider time, int batchSize) =>
        new(
            store,
            Options.Create(new StorageOptions { CleanupInterval = Interval, CleanupBatchSize = batchSize }),
            time,
            NullLogger<ExpiredNotificationsCleanupService>.Instance);

    /// <summary>Answers DeleteExpiredAsync from a script (then a fallback) and reports every call.</summary>
    private sealed class ScriptedCleanupStore(int fallback, params int[] script) : IStoreMaintenance
    {
        private readonly Queue<int> _script = new(script);
        private readonly Channel<(DateTimeOffset Now, int BatchSize)> _calls = Channel.CreateUnbounded<(DateTimeOffset, int)>();
        private int _callCount;

        public bool FailFirstCall { get; init; }

        public async Task<(DateTimeOffset Now, int BatchSize)[]> ReadCallsAsync(int count)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            var calls = new (DateTimeOffset, int)[count];
            for (var i = 0; i < count; i++)
            {
                calls[i] = await _calls.Reader.ReadAsync(deadline.Token);
            }

            return calls;
        }

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
        {
            _calls.Writer.TryWrite((now, batchSize));
            if (FailFirstCall && Interlocked.Increment(ref _callCount) == 1)
            {
                throw new InvalidOperationException("database unavailable");
            }

            return Task.FromResult(_script.TryDequeue(out var deleted) ? deleted : fallback);
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
