using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Notifications.Grains.Storage;

/// <summary>
/// Group commit: concurrent <see cref="InsertAsync"/> calls (one per inbox grain) are gathered into
/// few inner inserts, so that thousands of writers share few durable commits. Every other method
/// goes straight to the inner store. A caller's task completes only once the batch holding its rows
/// is durable; when a batch fails, each request is retried alone so that one bad request fails alone.
/// </summary>
public sealed partial class GroupCommitNotificationStore : IInboxStore, IAsyncDisposable, IDisposable
{
    public const string MeterName = "Notifications.Storage";

    public const string BatchSizeInstrumentName = "notifications.store.group_commit.batch_size";

    private readonly IInboxStore _inner;
    private readonly ILogger<GroupCommitNotificationStore> _logger;
    private readonly int _maxBatchRows;
    private readonly TimeSpan _maxLinger;
    private readonly Channel<InsertRequest> _queue;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<int> _batchSize;
    private readonly SemaphoreSlim _commitSlots;
    private readonly int _concurrency;
    private readonly Task _loop;
    private int _disposed;

    public GroupCommitNotificationStore(
        IInboxStore inner,
        GroupCommitOptions options,
        ILogger<GroupCommitNotificationStore> logger,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchRows, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLinger, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1, nameof(options));
        _inner = inner;
        _logger = logger;
        _maxBatchRows = options.MaxBatchRows;
        _maxLinger = options.MaxLinger;
        _concurrency = options.Concurrency;
        _commitSlots = new SemaphoreSlim(options.Concurrency, options.Concurrency);

        // Bounded: when the database falls behind, callers wait for room instead of growing memory.
        _queue = Channel.CreateBounded<InsertRequest>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _batchSize = _meter.CreateHistogram<int>(BatchSizeInstrumentName, "{notification}", "Rows written by one group commit.");

        // On the thread pool: the loop must never run on (and block) a grain's scheduler.
        _loop = Task.Run(RunAsync);
    }

    public Task<InboxSnapshot> LoadInboxAsync(string userId, int recentLimit, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.LoadInboxAsync(userId, recentLimit, now, cancellationToken);

    public async Task InsertAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        var request = new InsertRequest(notifications, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(GroupCommitNotificationStore));
        }

        // Once queued, the caller waits for the outcome even if cancelled: abandoning it would leave the
        // caller unsure whether its rows were written. A request cancelled before its batch starts is dropped.
        await request.Completion.Task;
    }

    public Task<Notification?> FindAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.FindAsync(userId, id, now, cancellationToken);

    public Task<Notification?> FindByIdempotencyKeyAsync(string userId, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.FindByIdempotencyKeyAsync(userId, idempotencyKey, now, cancellationToken);

    public Task<NotificationPage> ListAsync(string userId, NotificationQuery query, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.ListAsync(userId, query, now, cancellationToken);

    public Task<Notification?> FindCollapseTargetAsync(string userId, string collapseKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.FindCollapseTargetAsync(userId, collapseKey, now, cancellationToken);

    public Task<bool> UpdateAsync(Notification notification, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.UpdateAsync(notification, idempotencyKey, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> MarkAllReadAsync(string userId, NotificationType? type, string? conversationId, long? upToSeq, DateTimeOffset readAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.MarkAllReadAsync(userId, type, conversationId, upToSeq, readAt, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> MarkSeenAsync(string userId, long upToSeq, DateTimeOffset seenAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.MarkSeenAsync(userId, upToSeq, seenAt, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> ArchiveReadAsync(string userId, DateTimeOffset archivedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.ArchiveReadAsync(userId, archivedAt, now, cancellationToken);

    public Task<Notification?> DeleteAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(userId, id, now, cancellationToken);

    public Task<IReadOnlyList<Notification>> DeleteByMessageAsync(string userId, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.DeleteByMessageAsync(userId, messageId, now, cancellationToken);

    public Task<IReadOnlyList<ChangedNotification>> TrimOldestAsync(string userId, int count, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.TrimOldestAsync(userId, count, now, cancellationToken);

    public Task SavePreferencesAsync(string userId, NotificationPreferences preferences, AuditRecord audit, CancellationToken cancellationToken) =>
        _inner.SavePreferencesAsync(userId, preferences, audit, cancellationToken);

    /// <summary>Stops taking inserts, writes every queued one, then stops the loop. The inner store is not disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _loop;
            return;
        }

        _queue.Writer.TryComplete();
        await _loop;
        _commitSlots.Dispose();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>Prefer <see cref="DisposeAsync"/>; this blocks until the queued inserts are written.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        CancellationTokenSource? linger = null;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                // While every slot is busy, requests keep queueing: the batch taken next is larger.
                await _commitSlots.WaitAsync();
                var batch = new List<InsertRequest>();
                var rows = 0;
                long firstArrival = 0;
                while (rows < _maxBatchRows)
                {
                    if (reader.TryRead(out var request))
                    {
                        if (batch.Count == 0)
                        {
                            firstArrival = Stopwatch.GetTimestamp();
                        }

                        batch.Add(request);
                        rows += request.Rows.Count;
                        continue;
                    }

                    var remaining = _maxLinger - Stopwatch.GetElapsedTime(firstArrival);
                    if (batch.Count == 0 || remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    // Wait briefly for more writers; the first one's latency bounds how long.
                    if (linger is null || !linger.TryReset())
                    {
                        linger?.Dispose();
                        linger = new CancellationTokenSource();
                    }

                    linger.CancelAfter(remaining);
                    try
                    {
                        if (!await reader.WaitToReadAsync(linger.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (linger.IsCancellationRequested)
                    {
                        break;
                    }
                }

                _ = CommitThenReleaseAsync(batch);
            }
        }
        finally
        {
            linger?.Dispose();

            // Disposal waits for the commits still in flight.
            for (var i = 0; i < _concurrency; i++)
            {
                await _commitSlots.WaitAsync();
            }
        }
    }

    private async Task CommitThenReleaseAsync(List<InsertRequest> batch)
    {
        try
        {
            await CommitAsync(batch);
        }
        finally
        {
            _commitSlots.Release();
        }
    }

    private async Task CommitAsync(List<InsertRequest> batch)
    {
        batch.RemoveAll(request =>
        {
            if (!request.CancellationToken.IsCancellationRequested)
            {
                return false;
            }

            request.Completion.TrySetCanceled(request.CancellationToken);
            return true;
        });

        if (batch.Count == 0)
        {
            return;
        }

        if (batch.Count == 1)
        {
            await InsertAloneAsync(batch[0]);
            return;
        }

        var rows = new List<NewNotification>(batch.Sum(request => request.Rows.Count));
        foreach (var request in batch)
        {
            rows.AddRange(request.Rows);
        }

        try
        {
            // Not cancellable: once a batch starts it runs to an outcome every caller can trust.
            await _inner.InsertAsync(rows, CancellationToken.None);
            _batchSize.Record(rows.Count);
        }
        catch (Exception exception) when (IsTransient(exception))
        {
            // The database is unreachable or timed out (the store's outage log has it): each request
            // alone would only wait as long again, one after another. Every caller fails now instead.
            foreach (var request in batch)
            {
                request.Completion.TrySetException(exception);
            }

            return;
        }
        catch (Exception exception)
        {
            // The database refused the statement (e.g. a stale inbox's seq): only that request must fail.
            LogWarningBatchFailed(_logger, exception, batch.Count, rows.Count);
            foreach (var request in batch)
            {
                await InsertAloneAsync(request);
            }

            return;
        }

        foreach (var request in batch)
        {
            request.Completion.TrySetResult();
        }
    }

    private async Task InsertAloneAsync(InsertRequest request)
    {
        try
        {
            await _inner.InsertAsync(request.Rows, CancellationToken.None);
            _batchSize.Record(request.Rows.Count);
            request.Completion.TrySetResult();
        }
        catch (Exception exception)
        {
            request.Completion.TrySetException(exception);
        }
    }

    private static bool IsTransient(Exception exception) =>
        exception is System.Data.Common.DbException { IsTransient: true } or TimeoutException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group commit of {Requests} requests ({Rows} rows) was refused; retrying each request alone")]
    private static partial void LogWarningBatchFailed(ILogger logger, Exception exception, int requests, int rows);

    private sealed class InsertRequest(IReadOnlyList<NewNotification> rows, CancellationToken cancellationToken)
    {
        public IReadOnlyList<NewNotification> Rows { get; } = rows;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        // Continuations off the loop's thread: a caller must not run its grain code on the commit loop.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
