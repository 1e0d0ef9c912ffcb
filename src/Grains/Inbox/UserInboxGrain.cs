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
    private SnoozeTracker _snoozed = new();
    private IGrainTimer? _snoozeReturn;
    private DateTimeOffset _snoozeReturnDue;
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
        var now = await PrepareAsync();
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

        var formatted = NotificationFormatter.Format(details);
        try
        {
            var target = formatted.CollapseKey is { } collapseKey ? await FindCollapseTargetAsync(collapseKey, now) : null;
            if (target is not null)
            {
                var replaced = Replace(target, formatted, now);
                if (await WriteChangeAsync(target, replaced, draft.IdempotencyKey, now))
                {
                    _subscriptions.Publish(new NotificationUpdatedEvent(replaced), CountsChanged());
                    return CreateResult.Replaced(replaced);
                }
            }

            return await InsertAsync(formatted, draft.IdempotencyKey, now);
        }
        catch
        {
            if (limiter is not null)
            {
                await limiter.ReleaseAsync();
            }

            throw;
        }
    }

    public async Task<NotificationPage> ListAsync(NotificationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = await PrepareAsync();
        return _recent.TryList(query, now, out var page)
            ? page
            : await store.ListAsync(UserId, query, now, CancellationToken.None);
    }

    public async Task<InboxCounts> GetCountsAsync()
    {
        await PrepareAsync();
        return _counts.Snapshot(_lastSeq);
    }

    public async Task<Notification?> GetAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        return await FindAsync(id, now);
    }

    public async Task<Notification?> MarkReadAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        var notification = await FindAsync(id, now);
        if (notification is null || notification.IsRead)
        {
            return notification;
        }

        var read = notification with { IsRead = true, ReadAt = now, SeenAt = notification.SeenAt ?? now };
        if (!await WriteChangeAsync(notification, read, idempotencyKey: null, now))
        {
            return null;
        }

        _subscriptions.Publish(
            new NotificationsReadEvent([read.Id], All: false, Type: null, ConversationId: null, ReadAt: now),
            CountsChanged());
        return read;
    }

    public async Task<InboxChange> MarkAllReadAsync(NotificationType? type, string? conversationId, long? upToSeq = null)
    {
        var now = await PrepareAsync();
        if (_counts.Unread == 0)
        {
            return Unchanged();
        }

        var changed = await WriteAsync(() => store.MarkAllReadAsync(UserId, type, conversationId, upToSeq, now, now, CancellationToken.None));
        foreach (var item in changed)
        {
            Recount(item, item.Before with { IsRead = true, IsSeen = true });
            _recent.MarkRead(item.Id, now);
        }

        if (changed.Count > 0)
        {
            // "all" says every matching unread one is now read; the ids would only repeat that.
            _subscriptions.Publish(new NotificationsReadEvent([], All: true, type, conversationId, now, upToSeq), CountsChanged());
        }

        return new InboxChange(changed.Count, _counts.Snapshot(_lastSeq));
    }

    public async Task<InboxChange> MarkSeenAsync(long upToSeq)
    {
        var now = await PrepareAsync();
        if (_counts.Unseen == 0)
        {
            return Unchanged();
        }

        var changed = await WriteAsync(() => store.MarkSeenAsync(UserId, upToSeq, now, now, CancellationToken.None));
        foreach (var item in changed)
        {
            Recount(item, item.Before with { IsSeen = true });
            _recent.MarkSeen(item.Id, now);
        }

        if (changed.Count > 0)
        {
            _subscriptions.Publish(new NotificationsSeenEvent(upToSeq, now), CountsChanged());
        }

        return new InboxChange(changed.Count, _counts.Snapshot(_lastSeq));
    }

    public async Task<Notification?> ArchiveAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        var notification = await FindAsync(id, now);
        if (notification is null || notification.ArchivedAt is not null)
        {
            return notification;
        }

        // Archiving ends a snooze without a return: the seq is kept (API.md v2, pinned details).
        var archived = notification with
        {
            ArchivedAt = now,
            SnoozedUntil = null,
            IsRead = true,
            ReadAt = notification.ReadAt ?? now,
            SeenAt = notification.SeenAt ?? now,
        };
        return await ChangeOneAsync(notification, archived, now);
    }

    public async Task<Notification?> UnarchiveAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        var notification = await FindAsync(id, now);
        return notification is { ArchivedAt: not null }
            ? await ChangeOneAsync(notification, notification with { ArchivedAt = null }, now)
            : notification;
    }

    public async Task<InboxChange> ArchiveReadAsync()
    {
        var now = await PrepareAsync();
        if (_counts.ReadInInbox == 0)
        {
            return Unchanged();
        }

        var changed = await WriteAsync(() => store.ArchiveReadAsync(UserId, now, now, CancellationToken.None));
        foreach (var item in changed)
        {
            Recount(item, item.Before with { Shelf = InboxShelf.Archived });
            _recent.MarkArchived(item.Id, now);
        }

        if (changed.Count > 0)
        {
            _subscriptions.Publish(new NotificationsArchivedEvent(now), CountsChanged());
        }

        return new InboxChange(changed.Count, _counts.Snapshot(_lastSeq));
    }

    public async Task<NotificationChange> SnoozeAsync(string id, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        if (await FindAsync(id, now) is not { } notification)
        {
            return NotificationChange.NotFound;
        }

        if (notification.ArchivedAt is not null)
        {
            return new NotificationChange(NotificationChangeStatus.Archived, notification);
        }

        var time = TruncateToMilliseconds(until);
        if (notification.SnoozedUntil == time)
        {
            return NotificationChange.Done(notification);
        }

        return await ChangeOneAsync(notification, notification with { SnoozedUntil = time }, now) is { } snoozed
            ? NotificationChange.Done(snoozed)
            : NotificationChange.NotFound;
    }

    public async Task<Notification?> UnsnoozeAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        var notification = await FindAsync(id, now);
        return notification is { SnoozedUntil: not null }
            ? await ReturnFromSnoozeAsync(notification, now)
            : notification;
    }

    public async Task<NotificationChange> TakeActionAsync(string id, string actionId)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(actionId);
        var now = await PrepareAsync();
        if (await FindAsync(id, now) is not { } notification)
        {
            return NotificationChange.NotFound;
        }

        if (!notification.Details.Actions.Contains(actionId))
        {
            return new NotificationChange(NotificationChangeStatus.UnknownAction, notification);
        }

        if (notification.ActedAction is { } taken)
        {
            return string.Equals(taken, actionId, StringComparison.Ordinal)
                ? NotificationChange.Done(notification)
                : new NotificationChange(NotificationChangeStatus.OtherActionTaken, notification);
        }

        // It stays archived or snoozed if it was (API.md v2, pinned details).
        var acted = notification with
        {
            ActedAction = actionId,
            ActedAt = now,
            IsRead = true,
            ReadAt = notification.ReadAt ?? now,
            SeenAt = notification.SeenAt ?? now,
        };
        return await ChangeOneAsync(notification, acted, now) is { } changed
            ? NotificationChange.Done(changed)
            : NotificationChange.NotFound;
    }

    public async Task<bool> DeleteAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = await PrepareAsync();
        if (!_recent.Contains(id) && _recent.IsComplete)
        {
            return false;
        }

        var deleted = await WriteAsync(() => store.DeleteAsync(UserId, id, now, CancellationToken.None));
        if (deleted is null)
        {
            return false;
        }

        Forget(deleted.Id, CountedState.Of(deleted));
        _subscriptions.Publish(new NotificationDeletedEvent(id), CountsChanged());
        RescheduleSnoozeReturn();
        return true;
    }

    public async Task<int> RetractAsync(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var now = await PrepareAsync();
        var deleted = await WriteAsync(() => store.DeleteByMessageAsync(UserId, messageId, now, CancellationToken.None));
        foreach (var notification in deleted)
        {
            Forget(notification.Id, CountedState.Of(notification));
            _subscriptions.Publish(new NotificationDeletedEvent(notification.Id), CountsChanged());
        }

        RescheduleSnoozeReturn();
        return deleted.Count;
    }

    public async Task<NotificationPreferences> GetPreferencesAsync()
    {
        await EnsureLoadedAsync();
        return WithoutPastPause(_preferences, Now());
    }

    public async Task<NotificationPreferences> SetPreferencesAsync(NotificationPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        await EnsureLoadedAsync();
        preferences = WithoutPastPause(preferences, Now());
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
        var admission = _subscriptions.AddConnection(node, greeting)
            ? new Admission(ConnectionAdmission.Subscribed)
            : new Admission(ConnectionAdmission.Joined, greeting?.Counts);
        RescheduleSnoozeReturn();
        return admission;
    }

    // The request was counted (or refused) by UserRequestLimitFilter before this runs.
    public Task ChargeRequestAsync() => Task.CompletedTask;

    public Task ReleaseConnectionAsync(IInboxObserver node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _subscriptions.RemoveConnection(node);
        RescheduleSnoozeReturn();
        return Task.CompletedTask;
    }

    public async Task<bool> SubscribeAsync(IInboxObserver node, int connections)
    {
        ArgumentNullException.ThrowIfNull(node);
        var subscribed = _subscriptions.Subscribe(node, await TryGreetingAsync(), connections);
        RescheduleSnoozeReturn();
        return subscribed;
    }

    private Task EnsureLoadedAsync() => _loaded ? Task.CompletedTask : LoadAsync(CancellationToken.None);

    /// <summary>
    /// Brings the inbox up to the present before a call: loaded, expired ones out of the counts,
    /// snoozed ones whose time has come returned (written and pushed). Returns the time the call runs at.
    /// </summary>
    private async Task<DateTimeOffset> PrepareAsync()
    {
        await EnsureLoadedAsync();
        var now = Now();
        PruneExpired(now);
        if (_snoozed.Earliest <= now)
        {
            await ReturnDueAsync(now);
        }

        return now;
    }

    private async Task<CreateResult> InsertAsync(NotificationDetails details, string? idempotencyKey, DateTimeOffset now)
    {
        var notification = Stamp(details, now);
        using (InboxActivities.StartPersist())
        {
            await WriteAsync(() => store.InsertAsync([new NewNotification(notification, idempotencyKey)], CancellationToken.None));
        }

        _recent.Put(notification, idempotencyKey);
        var state = CountedState.Of(notification);
        _counts.Add(state);
        _expiring.Track(notification.Id, notification.Details.ExpiresAt, state);
        _subscriptions.Publish(new NotificationCreatedEvent(notification), CountsChanged());
        ScheduleTrim();
        return CreateResult.Created(notification);
    }

    /// <summary>
    /// Writes the new version of one notification and applies it to counts, trackers and cache;
    /// false when the store no longer has it (the inbox then rebuilds: it believed it live).
    /// </summary>
    private async Task<bool> WriteChangeAsync(Notification before, Notification after, string? idempotencyKey, DateTimeOffset now)
    {
        if (!await WriteAsync(() => store.UpdateAsync(after, idempotencyKey, now, CancellationToken.None)))
        {
            _loaded = false;
            return false;
        }

        var state = CountedState.Of(after);
        _counts.Change(CountedState.Of(before), state);
        if (before.Details.ExpiresAt == after.Details.ExpiresAt)
        {
            _expiring.Update(after.Id, state);
        }
        else
        {
            _expiring.Track(after.Id, after.Details.ExpiresAt, state);
        }

        if (before.SnoozedUntil != after.SnoozedUntil)
        {
            _snoozed.Track(after.Id, after.Seq, after.SnoozedUntil);
            RescheduleSnoozeReturn();
        }

        _recent.Put(after, idempotencyKey);
        return true;
    }

    /// <summary>A change of one notification that clients learn as <c>notification:updated</c>; null when it is gone.</summary>
    private async Task<Notification?> ChangeOneAsync(Notification before, Notification after, DateTimeOffset now)
    {
        if (!await WriteChangeAsync(before, after, idempotencyKey: null, now))
        {
            return null;
        }

        _subscriptions.Publish(new NotificationUpdatedEvent(after), CountsChanged());
        return after;
    }

    /// <summary>
    /// A return from snooze: back at the top (next seq, now), unread and unseen, silent by the rules
    /// at this moment; its action stays taken (API.md v2).
    /// </summary>
    private Task<Notification?> ReturnFromSnoozeAsync(Notification snoozed, DateTimeOffset now) => ChangeOneAsync(snoozed, snoozed with
    {
        Seq = ++_lastSeq,
        CreatedAt = now,
        SnoozedUntil = null,
        IsRead = false,
        ReadAt = null,
        SeenAt = null,
        Silent = IsSilent(snoozed.Details.Priority, now),
    }, now);

    /// <summary>Returns every snoozed notification whose time has come, in the order of their times, then of their seq.</summary>
    private async Task ReturnDueAsync(DateTimeOffset now)
    {
        foreach (var id in _snoozed.Due(now))
        {
            if (await FindAsync(id, now) is { SnoozedUntil: not null } snoozed)
            {
                await ReturnFromSnoozeAsync(snoozed, now);
            }

            // Gone or no longer snoozed: nothing returns; a write that failed has thrown by now.
            _snoozed.Forget(id);
        }

        RescheduleSnoozeReturn();
    }

    /// <summary>
    /// While someone is connected and something is snoozed, a timer wakes the inbox at the next
    /// return (or after <see cref="InboxOptions.SnoozeCheckInterval"/>, whichever is sooner). An
    /// inbox nobody is connected to keeps no timer: its returns happen at its next call.
    /// </summary>
    private void RescheduleSnoozeReturn()
    {
        if (_subscriptions.Count == 0 || _snoozed.Earliest is not { } earliest)
        {
            _snoozeReturn?.Dispose();
            _snoozeReturn = null;
            return;
        }

        if (_snoozeReturn is not null && _snoozeReturnDue == earliest)
        {
            return;
        }

        _snoozeReturn?.Dispose();
        _snoozeReturnDue = earliest;
        var delay = earliest - time.GetUtcNow();
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > _options.SnoozeCheckInterval ? _options.SnoozeCheckInterval : delay;
        _snoozeReturn = this.RegisterGrainTimer(ReturnSnoozedAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    private async Task ReturnSnoozedAsync(CancellationToken cancellationToken)
    {
        _snoozeReturn?.Dispose();
        _snoozeReturn = null;
        try
        {
            await PrepareAsync();
        }
        catch (Exception exception) when (StoreExceptionFilter.IsStoreFailure(exception))
        {
            // Logged by WriteAsync or the load; the next call (or renewal) tries again.
        }

        RescheduleSnoozeReturn();
    }

    /// <summary>Applies a set-based change to one row the store reported.</summary>
    private void Recount(ChangedNotification item, CountedState after)
    {
        _counts.Change(item.Before, after);
        _expiring.Update(item.Id, after);
    }

    /// <summary>Takes a deleted notification out of counts, trackers and cache.</summary>
    private void Forget(string id, CountedState state)
    {
        _counts.Remove(state);
        _recent.Remove(id);
        _expiring.Forget(id);
        _snoozed.Forget(id);
    }

    private InboxChange Unchanged() => new(0, _counts.Snapshot(_lastSeq));

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>
    /// A new subscriber's counts snapshot, or null while the store cannot be read: a node subscribes
    /// all the same (so nothing waits for a renewal once the store is back) and is greeted then.
    /// </summary>
    private async Task<CountsChangedEvent?> TryGreetingAsync()
    {
        try
        {
            await PrepareAsync();
        }
        catch (StoreUnavailableException)
        {
            return null;
        }

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
        _recent.Load(snapshot.Recent, snapshot.RecentKeys, _options.CacheSize);
        _counts = new InboxCounter();
        foreach (var group in snapshot.Groups)
        {
            _counts.Add(group.State, group.Count);
        }

        _expiring = new ExpiryTracker();
        foreach (var e in snapshot.Expiring)
        {
            _expiring.Track(e.Id, e.ExpiresAt, e.State);
        }

        _snoozed = new SnoozeTracker();
        foreach (var snoozed in snapshot.Snoozed)
        {
            _snoozed.Track(snoozed.Id, snoozed.Seq, snoozed.SnoozedUntil);
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
        if (_trim is null && _counts.Live > _options.MaxNotificationsPerUser)
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
        var count = Math.Min(_counts.Live - _options.MaxNotificationsPerUser, _options.TrimBatchSize);
        if (count <= 0)
        {
            return;
        }

        IReadOnlyList<ChangedNotification> trimmed;
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
            Forget(item.Id, item.Before);
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
    private DateTimeOffset Now() => TruncateToMilliseconds(time.GetUtcNow());

    private CountsChangedEvent CountsChanged() => new(_counts.Snapshot(_lastSeq));

    /// <summary>Takes notifications out of counts and cache the moment they expire.</summary>
    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var (id, state) in _expiring.TakeExpired(now))
        {
            _counts.Remove(state);
            _recent.Remove(id);
            _snoozed.Forget(id);
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

    private async Task<Notification?> FindCollapseTargetAsync(string collapseKey, DateTimeOffset now) =>
        _recent.TryFindCollapseTarget(collapseKey, now, out var target)
            ? target
            : await store.FindCollapseTargetAsync(UserId, collapseKey, now, CancellationToken.None);

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

    /// <summary>The new notification: the next seq, the creation time and DND's or the pause's verdict (SPEC §4 step 7).</summary>
    private Notification Stamp(NotificationDetails details, DateTimeOffset now) => new()
    {
        Id = NotificationIds.New(now),
        UserId = UserId,
        Seq = ++_lastSeq,
        Details = details,
        CreatedAt = now,
        Silent = IsSilent(details.Priority, now),
    };

    /// <summary>
    /// A replacement by collapse key: same id, the new create's fields, one more create folded in,
    /// back at the top (next seq, now) unread and unseen, its earlier choice of action gone with its
    /// earlier actions (API.md v2).
    /// </summary>
    private Notification Replace(Notification target, NotificationDetails details, DateTimeOffset now) => target with
    {
        Seq = ++_lastSeq,
        Details = details,
        CreatedAt = now,
        Silent = IsSilent(details.Priority, now),
        IsRead = false,
        ReadAt = null,
        SeenAt = null,
        CollapsedCount = target.CollapsedCount + 1,
        ActedAction = null,
        ActedAt = null,
    };

    /// <summary>DND and the pause silence everything but urgent notifications.</summary>
    private bool IsSilent(NotificationPriority priority, DateTimeOffset now) =>
        priority != NotificationPriority.Urgent
        && (DoNotDisturbWindow.IsSilent(_preferences.Dnd, now) || _preferences.IsPausedAt(now));

    /// <summary>A pause that has ended reads as none (API.md v2: GET returns null once it has passed; a past time is stored as null).</summary>
    private static NotificationPreferences WithoutPastPause(NotificationPreferences preferences, DateTimeOffset now) =>
        preferences.PausedUntil is { } until && until <= now ? preferences with { PausedUntil = null } : preferences;

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
