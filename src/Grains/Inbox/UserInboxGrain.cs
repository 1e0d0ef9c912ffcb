using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Grains.Domain;
using Notifications.Grains.Hosting;
using Notifications.Grains.Limits;
using Notifications.Grains.Storage;
using Orleans.Serialization;

namespace Notifications.Grains.Inbox;

/// <summary>
/// One user's inbox: the single writer of that user's notifications. It rebuilds its counts,
/// newest notifications, preferences and last seq from the store on activation, keeps them in
/// step with every change it makes, and pushes each change to its observers after the change is
/// durable. It keeps no Orleans grain state: the store is the source of truth. While the store
/// is unreachable the inbox stays active, unloaded, with its subscriptions: every call that needs
/// its state tries the load again and fails fast with <see cref="StoreUnavailableException"/>, and
/// pushes resume the moment the store is back (no activation churn, no resubscription wait).
/// </summary>
public sealed partial class UserInboxGrain(
    IInboxStore store,
    IOptions<InboxOptions> options,
    Serializer<Notification> serializer,
    TimeProvider time,
    InboxMetrics metrics,
    ILogger<UserInboxGrain> logger) : Grain, IUserInboxGrain, IHasRequestWindow
{
    /// <summary>How long a deactivating inbox lets queued pushes leave.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    private readonly InboxOptions _options = options.Value;
    private InboxCounter _counts = new();
    private ExpiryTracker _expiring = new();
    private bool _loaded;
    private RecentNotifications _recent = null!;
    private InboxSubscriptions _subscriptions = null!;
    private NotificationPreferences _preferences = NotificationPreferences.Default;
    private long _lastSeq;
    private string? _userHash;
    private IGrainTimer? _trim;

    private string UserId => this.GetPrimaryKeyString();

    /// <summary>The user as logs and the audit trail name them.</summary>
    private string UserHash => _userHash ??= UserIdHash.Of(UserId);

    string IHasRequestWindow.UserHash => UserHash;

    /// <summary>This user's requests of the current minute, counted by <see cref="UserRequestLimitFilter"/>.</summary>
    RequestWindow IHasRequestWindow.Requests { get; } = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _subscriptions = new InboxSubscriptions(time, _options, logger);
        metrics.Activated();
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception exception) when (StoreExceptionFilter.IsStoreFailure(exception))
        {
            // The store's outage log has it; the first call that needs the state loads again.
            LogDebugLoadFailed(UserHash, exception);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Deactivated();
        try
        {
            await _subscriptions.DrainAsync(cancellationToken).WaitAsync(DrainTimeout, time);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            // Clients catch up by seq; a deactivation (a silo shutting down) must not wait on a slow observer.
        }
    }

    public async Task<CreateResult> CreateAsync(NotificationDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        var details = PlainTextSanitizer.Sanitize(draft.Details);

        if (draft.IdempotencyKey is { } key && await FindByIdempotencyKeyAsync(key, now) is { } existing)
        {
            return CreateResult.Duplicate(existing);
        }

        if (SuppressionReason(details) is { } reason)
        {
            return CreateResult.Suppressed(reason);
        }

        var limiter = MentionLimiterFor(details);
        if (limiter is not null && !await limiter.TryAcquireAsync())
        {
            return CreateResult.RateLimited();
        }

        var notification = Stamp(NotificationFormatter.Format(details), draft.IdempotencyKey, now);
        try
        {
            using var persist = InboxActivities.StartPersist();
            await store.InsertAsync([notification], CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogErrorPersistFailed(exception);
            if (limiter is not null)
            {
                await limiter.ReleaseAsync();
            }

            // The write may have landed after all; rebuilding from the store is the only safe state.
            _loaded = false;
            throw;
        }

        _recent.Add(notification);
        _counts.Add(notification.Details.Type, notification.Details.Priority, isRead: false);
        if (notification.Details.ExpiresAt is { } expiresAt)
        {
            _expiring.Track(notification.Id, expiresAt, notification.Details.Type, notification.Details.Priority, isRead: false);
        }

        _subscriptions.Publish(new NotificationCreatedEvent(notification), CountsChanged());
        ScheduleTrim();
        return CreateResult.Created(notification);
    }

    public async Task<NotificationPage> ListAsync(NotificationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        return _recent.TryList(query, now, out var page)
            ? page
            : await store.ListAsync(UserId, query, now, CancellationToken.None);
    }

    public async Task<InboxCounts> GetCountsAsync()
    {
        await EnsureLoadedAsync();
        PruneExpired(Now());
        return _counts.Snapshot(_lastSeq);
    }

    public async Task<Notification?> GetAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        return await FindAsync(id, now);
    }

    public async Task<Notification?> MarkReadAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        if (_recent.TryGet(id, out var cached) && cached.IsRead)
        {
            return cached;
        }

        if (!_recent.Contains(id) && _recent.IsComplete)
        {
            return null;
        }

        var outcome = await WriteAsync(() => store.MarkReadAsync(UserId, id, now, now, CancellationToken.None));
        if (outcome is null)
        {
            return null;
        }

        var notification = outcome.Notification;
        if (outcome.Changed)
        {
            _recent.MarkRead(notification.Id, notification.ReadAt);
            _counts.MarkRead(notification.Details.Type, notification.Details.Priority);
            _expiring.MarkRead(notification.Id);
            _subscriptions.Publish(
                new NotificationsReadEvent([notification.Id], All: false, Type: null, ConversationId: null, ReadAt: notification.ReadAt ?? now),
                CountsChanged());
        }

        return notification;
    }

    public async Task<int> MarkAllReadAsync(NotificationType? type, string? conversationId)
    {
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        if (_counts.Unread == 0)
        {
            return 0;
        }

        var changed = await WriteAsync(() => store.MarkAllReadAsync(UserId, type, conversationId, now, now, CancellationToken.None));
        foreach (var item in changed)
        {
            _counts.MarkRead(item.Type, item.Priority);
            _expiring.MarkRead(item.Id);
            _recent.MarkRead(item.Id, now);
        }

        if (changed.Count > 0)
        {
            // "all" says every matching unread one is now read; the ids would only repeat that.
            _subscriptions.Publish(new NotificationsReadEvent([], All: true, type, conversationId, now), CountsChanged());
        }

        return changed.Count;
    }

    public async Task<bool> DeleteAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        if (!_recent.Contains(id) && _recent.IsComplete)
        {
            return false;
        }

        var deleted = await WriteAsync(() => store.DeleteAsync(UserId, id, now, CancellationToken.None));
        if (deleted is null)
        {
            return false;
        }

        _recent.Remove(id);
        _expiring.Forget(id);
        _counts.Remove(deleted.Details.Type, deleted.Details.Priority, deleted.IsRead);
        _subscriptions.Publish(new NotificationDeletedEvent(id), CountsChanged());
        return true;
    }

    public async Task<NotificationPreferences> GetPreferencesAsync()
    {
        await EnsureLoadedAsync();
        return _preferences;
    }

    public async Task<NotificationPreferences> SetPreferencesAsync(NotificationPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        await EnsureLoadedAsync();
        // The change and its audit entry in one transaction: no change without its record.
        var audit = new AuditRecord(time.GetUtcNow(), UserHash, AuditActions.PreferencesUpdated, TargetCount: 1, Outcome: null, AuditOrigin.Current());
        await WriteAsync(() => store.SavePreferencesAsync(UserId, preferences, audit, CancellationToken.None));
        _preferences = preferences;
        return preferences;
    }

    public async Task<Admission> AdmitConnectionAsync(IInboxObserver node, int maxConnections)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_subscriptions.LiveConnections >= maxConnections)
        {
            // A crashed node's connections would otherwise count until its subscription expires.
            await _subscriptions.DropUnresponsiveAsync();
            if (_subscriptions.LiveConnections >= maxConnections)
            {
                return Admission.Refused;
            }
        }

        var greeting = await TryGreetingAsync();
        return _subscriptions.AddConnection(node, greeting)
            ? new Admission(ConnectionAdmission.Subscribed)
            : new Admission(ConnectionAdmission.Joined, greeting?.Counts);
    }

    // The request was counted (or refused) by UserRequestLimitFilter before this runs.
    public Task ChargeRequestAsync() => Task.CompletedTask;

    public Task ReleaseConnectionAsync(IInboxObserver node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _subscriptions.RemoveConnection(node);
        return Task.CompletedTask;
    }

    public async Task<bool> SubscribeAsync(IInboxObserver node, int connections)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _subscriptions.Subscribe(node, await TryGreetingAsync(), connections);
    }

    private Task EnsureLoadedAsync() => _loaded ? Task.CompletedTask : LoadAsync(CancellationToken.None);

    /// <summary>
    /// A new subscriber's counts snapshot, or null while the store cannot be read: a node subscribes
    /// all the same (so nothing waits for a renewal once the store is back) and is greeted then.
    /// </summary>
    private async Task<CountsChangedEvent?> TryGreetingAsync()
    {
        try
        {
            await EnsureLoadedAsync();
        }
        catch (StoreUnavailableException)
        {
            return null;
        }

        PruneExpired(Now());
        return CountsChanged();
    }

    /// <summary>Rebuilds everything but the subscriptions from the store.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        InboxSnapshot snapshot;
        try
        {
            snapshot = await store.LoadInboxAsync(UserId, _options.CacheSize, now, cancellationToken);
        }
        catch (Exception exception) when (StoreExceptionFilter.Translate(exception) is { } translated)
        {
            // Activation failures skip the call filters; translate here too.
            throw translated;
        }

        _lastSeq = snapshot.LastSeq;
        _preferences = snapshot.Preferences;
        _recent = new RecentNotifications(_options.CacheSize, serializer);
        _recent.Load(snapshot.Recent, _options.CacheSize);
        _counts = new InboxCounter();
        foreach (var group in snapshot.Groups)
        {
            _counts.Add(group.Type, group.Priority, group.IsRead, group.Count);
        }

        _expiring = new ExpiryTracker();
        foreach (var e in snapshot.Expiring)
        {
            _expiring.Track(e.Id, e.ExpiresAt, e.Type, e.Priority, e.IsRead);
        }

        _loaded = true;
        ScheduleTrim();
        if (_subscriptions.Count > 0)
        {
            // Reloaded after a failure: what the subscribers were told may be behind (a write that
            // failed may have landed). The snapshot's lastSeq lets their clients catch up.
            _subscriptions.Publish(CountsChanged());
        }
    }

    /// <summary>
    /// Keeps the retention cap: when the inbox holds more than <see cref="InboxOptions.MaxNotificationsPerUser"/>
    /// live notifications, the oldest go, in a turn of their own (the call that crossed the cap has
    /// answered by then) and at most <see cref="InboxOptions.TrimBatchSize"/> per turn, so a large
    /// backlog (a lowered cap) never holds the inbox up for long. Nothing is scheduled below the cap.
    /// </summary>
    private void ScheduleTrim()
    {
        if (_trim is null && _counts.Total > _options.MaxNotificationsPerUser)
        {
            _trim = this.RegisterGrainTimer(TrimAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
    }

    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        _trim?.Dispose();
        _trim = null;
        if (!_loaded)
        {
            return; // The next load schedules it again.
        }

        var now = Now();
        PruneExpired(now);
        var count = Math.Min(_counts.Total - _options.MaxNotificationsPerUser, _options.TrimBatchSize);
        if (count <= 0)
        {
            return;
        }

        IReadOnlyList<TrimmedNotification> trimmed;
        try
        {
            trimmed = await WriteAsync(() => store.TrimOldestAsync(UserId, count, now, CancellationToken.None));
        }
        catch (Exception exception) when (StoreExceptionFilter.IsStoreFailure(exception))
        {
            return; // Logged by WriteAsync; the inbox reloads on its next call, and the load schedules the trim again.
        }

        foreach (var item in trimmed)
        {
            _recent.Remove(item.Id);
            _expiring.Forget(item.Id);
            _counts.Remove(item.Type, item.Priority, item.IsRead);
        }

        LogDebugTrimmed(UserHash, trimmed.Count);
        if (trimmed.Count > 0)
        {
            // Like expiry, a trim pushes no per-notification event, only the counts it changed.
            _subscriptions.Publish(CountsChanged());
        }

        if (trimmed.Count < count)
        {
            // The store held fewer than the counts said: rebuild rather than trust them.
            _loaded = false;
            return;
        }

        ScheduleTrim();
    }

    /// <summary>
    /// A write whose outcome is unknown (it failed, but may have landed) leaves this inbox's memory
    /// possibly out of step with the store: rebuild from the store on the next call.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception exception)
        {
            LogErrorPersistFailed(exception);
            _loaded = false;
            throw;
        }
    }

    private Task WriteAsync(Func<Task> write) => WriteAsync(async () =>
    {
        await write();
        return true;
    });

    // Every time this system stores has millisecond precision, so what the store returns equals what the inbox holds.
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private CountsChangedEvent CountsChanged() => new(_counts.Snapshot(_lastSeq));

    /// <summary>Takes notifications out of counts and cache the moment they expire.</summary>
    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var (id, entry) in _expiring.TakeExpired(now))
        {
            _counts.Remove(entry.Type, entry.Priority, entry.IsRead);
            _recent.Remove(id);
        }
    }

    private async Task<Notification?> FindAsync(string id, DateTimeOffset now)
    {
        if (_recent.TryGet(id, out var cached))
        {
            return cached;
        }

        return _recent.IsComplete ? null : await store.FindAsync(UserId, id, now, CancellationToken.None);
    }

    private async Task<Notification?> FindByIdempotencyKeyAsync(string key, DateTimeOffset now)
    {
        if (_recent.TryGetByIdempotencyKey(key, out var cached) && !cached.IsExpiredAt(now))
        {
            return cached;
        }

        return _recent.IsComplete ? null : await store.FindByIdempotencyKeyAsync(UserId, key, now, CancellationToken.None);
    }

    private string? SuppressionReason(NotificationDetails details)
    {
        if (_preferences.DisabledTypes.Contains(details.Type))
        {
            return CreateResult.TypeDisabled;
        }

        return details.ConversationId is { } conversationId
            && MuteRules.IsMutable(details.Type)
            && _preferences.MutedConversations.Contains(conversationId, StringComparer.Ordinal)
            ? CreateResult.ConversationMuted
            : null;
    }

    private IMentionLimiterGrain? MentionLimiterFor(NotificationDetails details) =>
        details is { Type: NotificationType.UserMentioned, SenderId: { } senderId }
            ? GrainFactory.GetMentionLimiter(IMentionLimiterGrain.KeyFor(senderId, UserId))
            : null;

    /// <summary>The new notification: the next seq, the creation time and DND's verdict (SPEC §4 step 7).</summary>
    private Notification Stamp(NotificationDetails details, string? idempotencyKey, DateTimeOffset now) => new()
    {
        Id = NotificationIds.New(now),
        UserId = UserId,
        Seq = ++_lastSeq,
        Details = details,
        CreatedAt = now,
        Silent = details.Priority != NotificationPriority.Urgent && DoNotDisturbWindow.IsSilent(_preferences.Dnd, now),
        IdempotencyKey = idempotencyKey,
    };

    /// <summary>A store failure is already in the store's outage log (one line per outage, not per write); anything else is an error here.</summary>
    private void LogErrorPersistFailed(Exception exception)
    {
        if (StoreExceptionFilter.IsStoreFailure(exception))
        {
            LogDebugWriteFailed(UserHash, exception);
        }
        else
        {
            LogErrorWriteFailed(UserHash, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A write of inbox {UserHash} failed; the inbox will reload from the store")]
    private partial void LogErrorWriteFailed(string userHash, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox {UserHash} trimmed {Count} notifications beyond the retention cap")]
    private partial void LogDebugTrimmed(string userHash, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox {UserHash} could not load (store unavailable); the next call tries again")]
    private partial void LogDebugLoadFailed(string userHash, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A write of inbox {UserHash} failed (store unavailable); the inbox will reload from the store")]
    private partial void LogDebugWriteFailed(string userHash, Exception exception);
}
