using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class GroupCommitNotificationStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "notifications-groupcommit-" + Guid.NewGuid().ToString("N"));
    private SqliteNotificationStore _sqlite = null!;
    private CountingNotificationStore _counting = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_directory, "store.db");

    public async ValueTask InitializeAsync()
    {
        _sqlite = SqliteStoreFixture.Create(DatabasePath);
        await _sqlite.InitializeAsync(Ct);
        _counting = new CountingNotificationStore(_sqlite);
    }

    public async ValueTask DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Concurrent_inserts_share_inner_inserts_and_each_is_durable_when_it_completes()
    {
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 1 });
        await using var reader = SqliteStoreFixture.Create(DatabasePath);
        var hold = _counting.HoldNextInsert();
        var first = InsertAndCheckAsync(store, reader, Make("first", 1));
        await hold.Started.Task.WaitAsync(Ct);

        // Queued while the first batch is held: they all go in the next one.
        var rest = Enumerable.Range(0, 100).Select(i => InsertAndCheckAsync(store, reader, Make($"user{i}", 1))).ToArray();
        hold.Released.SetResult();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal(2, _counting.InsertCalls);
        Assert.Equal([1, 100], _counting.InsertSizes);
    }

    [Fact]
    public async Task Idempotency_keys_travel_with_their_rows_in_a_shared_batch()
    {
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 1 });
        var hold = _counting.HoldNextInsert();
        var first = store.InsertAsync([new NewNotification(Make("first", 1), "k")], Ct);
        await hold.Started.Task.WaitAsync(Ct);

        var rows = Enumerable.Range(0, 10).Select(i => Make($"user{i}", 1)).ToArray();
        var rest = rows.Select((n, i) => store.InsertAsync([new NewNotification(n, i % 2 == 0 ? "k" : null)], Ct)).ToArray();
        hold.Released.SetResult();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal([1, 10], _counting.InsertSizes);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? rows[i] : null, await store.FindByIdempotencyKeyAsync(rows[i].UserId, "k", T0, Ct));
        }

        Assert.NotNull(await store.FindByIdempotencyKeyAsync("first", "k", T0, Ct));
    }

    [Fact]
    public async Task Up_to_concurrency_commits_run_at_once_and_the_next_batch_takes_what_queued_meanwhile()
    {
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 2 });
        var firstHold = _counting.HoldNextInsert();
        var first = store.InsertAsync([Make("first", 1)], Ct);
        await firstHold.Started.Task.WaitAsync(Ct);
        var secondHold = _counting.HoldNextInsert();
        var second = store.InsertAsync([Make("second", 1)], Ct);

        // A second commit starts while the first is still running...
        await secondHold.Started.Task.WaitAsync(Ct);
        var rest = Enumerable.Range(0, 50).Select(i => store.InsertAsync([Make($"user{i}", 1)], Ct)).ToArray();

        // ...but no third while both slots are busy: the rest waits and becomes one batch.
        Assert.Equal(2, _counting.InsertCalls);
        firstHold.Released.SetResult();
        await first;
        await Task.WhenAll(rest);
        secondHold.Released.SetResult();
        await second;

        Assert.Equal([1, 1, 50], _counting.InsertSizes);
    }

    [Fact]
    public async Task Batches_hold_at_most_max_batch_rows()
    {
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, MaxBatchRows = 4, Concurrency = 1 });
        var hold = _counting.HoldNextInsert();
        var first = store.InsertAsync([Make("first", 1)], Ct);
        await hold.Started.Task.WaitAsync(Ct);

        var rest = Enumerable.Range(0, 10).Select(i => store.InsertAsync([Make($"user{i}", 1)], Ct)).ToArray();
        hold.Released.SetResult();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal([1, 4, 4, 2], _counting.InsertSizes);
    }

    [Fact]
    public async Task Lingering_gathers_requests_arriving_after_the_first()
    {
        // A generous linger, so that a slow test machine still gets every request into one batch.
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.FromSeconds(2), MaxBatchRows = 20 });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.InsertAsync([Make($"user{i}", 1)], Ct)));

        Assert.Equal([20], _counting.InsertSizes);
    }

    [Fact]
    public async Task A_failing_request_fails_alone_and_the_rest_of_its_batch_is_written()
    {
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 1 });
        var taken = Make("victim", 1);
        await _sqlite.InsertAsync([taken], Ct);

        var hold = _counting.HoldNextInsert();
        var first = store.InsertAsync([Make("first", 1)], Ct);
        await hold.Started.Task.WaitAsync(Ct);
        var good1 = Make("good1", 1);
        var bad = Make("victim", 1);
        var good2 = Make("good2", 1);
        var good3 = Make("good3", 1);
        var tasks = new[]
        {
            store.InsertAsync([good1], Ct),
            store.InsertAsync([bad], Ct),
            store.InsertAsync([good2, good3], Ct),
        };
        hold.Released.SetResult();

        await first;
        await tasks[0];
        await tasks[2];
        var exception = await Assert.ThrowsAsync<SqliteException>(() => tasks[1]);
        Assert.Equal(19, exception.SqliteErrorCode); // SQLITE_CONSTRAINT: (user_id, seq) is taken
        Assert.Equal([1, 4, 1, 1, 2], _counting.InsertSizes);
        foreach (var n in new[] { good1, good2, good3, taken })
        {
            Assert.Equal(n, await store.FindAsync(n.UserId, n.Id, T0, Ct));
        }

        Assert.Null(await store.FindAsync(bad.UserId, bad.Id, T0, Ct));
    }

    [Fact]
    public async Task Batch_sizes_are_recorded_on_the_histogram()
    {
        using var meterFactory = new TestMeterFactory();
        var recorded = new ConcurrentQueue<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory
                && instrument.Meter.Name == GroupCommitNotificationStore.MeterName
                && instrument.Name == GroupCommitNotificationStore.BatchSizeInstrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => recorded.Enqueue(value));
        listener.Start();

        await using var store = new GroupCommitNotificationStore(
            _counting, new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 1 }, NullLogger<GroupCommitNotificationStore>.Instance, meterFactory);
        var hold = _counting.HoldNextInsert();
        var first = store.InsertAsync([Make("first", 1), Make("first", 2)], Ct);
        await hold.Started.Task.WaitAsync(Ct);
        var rest = Enumerable.Range(0, 30).Select(i => store.InsertAsync([Make($"user{i}", 1)], Ct)).ToArray();
        hold.Released.SetResult();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal([2, 30], recorded);
    }

    [Fact]
    public async Task A_request_cancelled_before_its_batch_starts_is_not_written()
    {
        await using var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 1 });
        var hold = _counting.HoldNextInsert();
        var first = store.InsertAsync([Make("first", 1)], Ct);
        await hold.Started.Task.WaitAsync(Ct);
        using var cancellation = new CancellationTokenSource();
        var cancelled = Make("cancelled", 1);
        var kept = Make("kept", 1);
        var cancelledTask = store.InsertAsync([cancelled], cancellation.Token);
        var keptTask = store.InsertAsync([kept], Ct);
        await cancellation.CancelAsync();
        hold.Released.SetResult();

        await first;
        await keptTask;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledTask);
        Assert.Null(await store.FindAsync(cancelled.UserId, cancelled.Id, T0, Ct));
        Assert.NotNull(await store.FindAsync(kept.UserId, kept.Id, T0, Ct));
    }

    [Fact]
    public async Task Dispose_writes_every_queued_insert_and_then_refuses_new_ones()
    {
        var store = CreateStore(new GroupCommitOptions { MaxLinger = TimeSpan.Zero, Concurrency = 1 });
        var hold = _counting.HoldNextInsert();
        var first = store.InsertAsync([Make("first", 1)], Ct);
        await hold.Started.Task.WaitAsync(Ct);
        var queued = Enumerable.Range(0, 10).Select(i => store.InsertAsync([Make($"user{i}", 1)], Ct)).ToArray();

        var disposal = store.DisposeAsync().AsTask();
        hold.Released.SetResult();
        await disposal;

        Assert.Equal(11, _counting.Committed.Count);
        await Task.WhenAll([first, .. queued]);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InsertAsync([Make("late", 1)], Ct));
    }

    private GroupCommitNotificationStore CreateStore(GroupCommitOptions options) =>
        new(_counting, options, NullLogger<GroupCommitNotificationStore>.Instance);

    private async Task InsertAndCheckAsync(GroupCommitNotificationStore store, INotificationStore reader, Notification n)
    {
        await store.InsertAsync([n], Ct);

        // Completed means committed: the inner insert returned, and another connection sees the row.
        Assert.True(_counting.Committed.ContainsKey(n.Id));
        Assert.Equal(n, await reader.FindAsync(n.UserId, n.Id, T0, Ct));
    }

    private static Notification Make(string userId, long seq) => new()
    {
        Id = $"{userId}-{seq}-{Guid.NewGuid():N}",
        UserId = userId,
        Seq = seq,
        Details = NotificationDetails.Of(NotificationType.NewMessage) with { Title = "t" },
        CreatedAt = T0,
    };

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
