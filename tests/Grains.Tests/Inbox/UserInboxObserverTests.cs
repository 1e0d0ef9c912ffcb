namespace Notifications.Grains.Tests.Inbox;

[Collection(InboxCluster.Name)]
public sealed class UserInboxObserverTests(InboxClusterFixture fixture) : IDisposable
{
    private readonly List<IInboxObserver> _references = [];

    private static NotificationDetails Draft => NotificationDetails.Of(NotificationType.NewMessage) with { SenderId = "bob" };

    private async Task<(RecordingObserver Observer, IInboxObserver Reference)> SubscribeAsync(IUserInboxGrain inbox)
    {
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<IInboxObserver>(observer);
        _references.Add(reference);
        Assert.True(await inbox.SubscribeAsync(reference, 1));

        // A new subscription is greeted with the counts, so a client can tell what it missed.
        Assert.Equal(await inbox.GetCountsAsync(), (await observer.NextAsync<CountsChangedEvent>()).Counts);
        return (observer, reference);
    }

    [Fact]
    public async Task Every_change_is_pushed_in_order_with_its_counts_after_it()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (observer, _) = await SubscribeAsync(inbox);

        var first = (await inbox.CreateAsync(Draft)).Notification!;
        var second = (await inbox.CreateAsync(Draft)).Notification!;
        await inbox.MarkReadAsync(first.Id);
        await inbox.MarkAllReadAsync(null, null);
        await inbox.DeleteAsync(second.Id);

        Assert.Equal(first, (await observer.NextAsync<NotificationCreatedEvent>()).Notification);
        Assert.Equal(1, (await observer.NextAsync<CountsChangedEvent>()).Counts.Unread);
        Assert.Equal(second, (await observer.NextAsync<NotificationCreatedEvent>()).Notification);
        Assert.Equal(2, (await observer.NextAsync<CountsChangedEvent>()).Counts.Unread);
        var read = await observer.NextAsync<NotificationsReadEvent>();
        Assert.Equal([first.Id], read.Ids);
        Assert.False(read.All);
        Assert.Equal(1, (await observer.NextAsync<CountsChangedEvent>()).Counts.Unread);
        var readAll = await observer.NextAsync<NotificationsReadEvent>();
        Assert.True(readAll.All);
        Assert.Null(readAll.Type);
        Assert.Equal(0, (await observer.NextAsync<CountsChangedEvent>()).Counts.Unread);
        Assert.Equal(second.Id, (await observer.NextAsync<NotificationDeletedEvent>()).Id);
        var last = (await observer.NextAsync<CountsChangedEvent>()).Counts;
        Assert.Equal((1, 0, 2L), (last.Total, last.Unread, last.LastSeq));
    }

    [Fact]
    public async Task Changes_that_change_nothing_push_nothing()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var n = (await inbox.CreateAsync(Draft)).Notification!;
        await inbox.MarkReadAsync(n.Id);
        var (observer, _) = await SubscribeAsync(inbox);

        Assert.Equal(0, (await inbox.MarkAllReadAsync(null, null)).Updated);
        Assert.NotNull(await inbox.MarkReadAsync(n.Id));
        Assert.False(await inbox.DeleteAsync("0123456789abcdef0123456789abcdef"));
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { DisabledTypes = [NotificationType.NewMessage] });
        await inbox.CreateAsync(Draft);

        // A later change is the first thing the observer sees.
        await inbox.DeleteAsync(n.Id);
        Assert.Equal(n.Id, (await observer.NextAsync<NotificationDeletedEvent>()).Id);
    }

    [Fact]
    public async Task An_unsubscribed_observer_receives_nothing_more()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (gone, goneReference) = await SubscribeAsync(inbox);
        var (staying, _) = await SubscribeAsync(inbox);

        await inbox.ReleaseConnectionAsync(goneReference); // its node's last connection closed
        await inbox.CreateAsync(Draft);

        await staying.NextAsync<NotificationCreatedEvent>();
        await staying.NextAsync<CountsChangedEvent>();
        Assert.False(gone.TryTake(out _));
    }

    [Fact]
    public async Task A_subscription_not_renewed_in_time_expires_by_itself()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (expired, _) = await SubscribeAsync(inbox);
        fixture.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var (fresh, _) = await SubscribeAsync(inbox);

        await inbox.CreateAsync(Draft);

        await fresh.NextAsync<NotificationCreatedEvent>();
        await fresh.NextAsync<CountsChangedEvent>();
        Assert.False(expired.TryTake(out _));
    }

    [Fact]
    public async Task A_renewal_is_not_new_and_sends_nothing()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (observer, reference) = await SubscribeAsync(inbox);

        Assert.False(await inbox.SubscribeAsync(reference, 1));
        await inbox.CreateAsync(Draft);

        await observer.NextAsync<NotificationCreatedEvent>();
    }

    [Fact]
    public async Task A_stuck_observer_delays_only_itself_and_is_dropped_after_the_push_timeout()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (stuck, stuckReference) = await SubscribeAsync(inbox);
        var (healthy, _) = await SubscribeAsync(inbox);
        stuck.Hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The inbox answers, and the healthy observer receives everything, while the stuck one hangs.
        var first = (await inbox.CreateAsync(Draft)).Notification!;
        Assert.Equal(first, (await healthy.NextAsync<NotificationCreatedEvent>()).Notification);
        await healthy.NextAsync<CountsChangedEvent>();
        Assert.Equal(2, (await inbox.CreateAsync(Draft)).Notification!.Seq);
        Assert.Equal(2, (await healthy.NextAsync<NotificationCreatedEvent>()).Notification.Seq);
        await healthy.NextAsync<CountsChangedEvent>();

        // Past the push timeout the stuck one is dropped: a renewal is then a new subscription.
        fixture.Time.Advance(TimeSpan.FromSeconds(6));
        stuck.Hang.SetResult();
        await WaitUntilAsync(async () => await inbox.SubscribeAsync(stuckReference, 1));
    }

    [Fact]
    public async Task An_observer_that_falls_too_far_behind_is_dropped()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (stuck, stuckReference) = await SubscribeAsync(inbox);
        stuck.Hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await inbox.CreateAsync(Draft); // in flight, hanging

        // 1,000 events may wait (two per create); the next create overflows the queue.
        for (var i = 0; i < 501; i++)
        {
            await inbox.CreateAsync(Draft);
        }

        stuck.Hang.SetResult();
        Assert.True(await inbox.SubscribeAsync(stuckReference, 1));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var reference in _references)
        {
            fixture.Client.DeleteObjectReference<IInboxObserver>(reference);
        }
    }
}
