namespace Notifications.Grains.Tests.Inbox;

/// <summary>The v2 states an inbox keeps (API.md, "v2 additions"): seen, archive, snooze, actions, pause.</summary>
[Collection(InboxCluster.Name)]
public sealed class UserInboxStatesTests(InboxClusterFixture fixture) : IDisposable
{
    private readonly List<IInboxObserver> _references = [];

    private static NotificationDetails Draft(NotificationPriority? priority = null, string conversationId = "c1") =>
        NotificationDetails.Of(NotificationType.NewMessage) with
        {
            SenderId = "bob",
            ConversationId = conversationId,
            Priority = priority ?? NotificationPriority.Normal,
            Actions = new NotificationActions([new("accept", "Accept", "https://example.test/a"), new("decline", "Decline")]),
        };

    public void Dispose()
    {
        foreach (var reference in _references)
        {
            fixture.Client.DeleteObjectReference<IInboxObserver>(reference);
        }
    }

    private async Task<(IUserInboxGrain Inbox, RecordingObserver Observer)> ConnectedAsync()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<IInboxObserver>(observer);
        _references.Add(reference);
        await inbox.AdmitConnectionAsync(reference, maxConnections: 10);
        await observer.NextAsync<CountsChangedEvent>();
        return (inbox, observer);
    }

    /// <summary>Pushes keep the inbox's order: when a marker's push comes next, nothing came before it.</summary>
    private static async Task AssertNothingElsePushedAsync(IUserInboxGrain inbox, RecordingObserver observer)
    {
        var marker = (await inbox.CreateAsync(Draft())).Notification!;
        Assert.Equal(marker.Id, (await observer.NextAsync<NotificationCreatedEvent>()).Notification.Id);
        await observer.NextAsync<CountsChangedEvent>();
    }

    /// <summary>Takes exactly <paramref name="count"/> events (pushes arrive after the calls that caused them return).</summary>
    private static async Task SkipAsync(RecordingObserver observer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await observer.NextAsync();
        }
    }

    private static async Task<List<Notification>> CreateManyAsync(IUserInboxGrain inbox, int count)
    {
        var created = new List<Notification>();
        for (var i = 0; i < count; i++)
        {
            created.Add((await inbox.CreateAsync(Draft())).Notification!);
        }

        return created;
    }

    [Fact]
    public async Task Seen_marks_the_unseen_up_to_a_seq_and_reading_implies_seen()
    {
        var (inbox, observer) = await ConnectedAsync();
        var created = await CreateManyAsync(inbox, 3);
        await SkipAsync(observer, 6);

        Assert.Equal(3, (await inbox.GetCountsAsync()).Unseen);
        var change = await inbox.MarkSeenAsync(created[1].Seq);

        Assert.Equal(2, change.Updated);
        Assert.Equal((1, 3), (change.Counts.Unseen, change.Counts.Unread));
        var seen = await observer.NextAsync<NotificationsSeenEvent>();
        Assert.Equal(created[1].Seq, seen.UpToSeq);
        Assert.Equal(1, (await observer.NextAsync<CountsChangedEvent>()).Counts.Unseen);
        Assert.Equal(seen.SeenAt, (await inbox.GetAsync(created[0].Id))!.SeenAt);
        Assert.Null((await inbox.GetAsync(created[2].Id))!.SeenAt);

        // Nothing left to see below that seq: no change, nothing pushed.
        Assert.Equal(0, (await inbox.MarkSeenAsync(created[1].Seq)).Updated);
        var read = await inbox.MarkReadAsync(created[2].Id);
        Assert.NotNull(read!.SeenAt);
        Assert.Equal(0, (await inbox.GetCountsAsync()).Unseen);
        Assert.IsType<NotificationsReadEvent>(await observer.NextAsync());
        Assert.IsType<CountsChangedEvent>(await observer.NextAsync());
        await AssertNothingElsePushedAsync(inbox, observer);
    }

    [Fact]
    public async Task Read_all_stops_at_up_to_seq_and_answers_the_counts()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, 4);

        var change = await inbox.MarkAllReadAsync(null, null, upToSeq: created[1].Seq);

        Assert.Equal(2, change.Updated);
        Assert.Equal((4, 2, 2), (change.Counts.Total, change.Counts.Unread, change.Counts.Unseen));
        Assert.Equal(change.Counts, await inbox.GetCountsAsync());
        Assert.False((await inbox.GetAsync(created[2].Id))!.IsRead);
    }

    [Fact]
    public async Task Archive_takes_it_out_of_the_inbox_read_and_seen_and_unarchive_keeps_it_read()
    {
        var (inbox, observer) = await ConnectedAsync();
        var created = await CreateManyAsync(inbox, 2);
        await SkipAsync(observer, 4);

        var archived = await inbox.ArchiveAsync(created[0].Id);

        Assert.NotNull(archived!.ArchivedAt);
        Assert.True(archived.IsRead);
        Assert.NotNull(archived.SeenAt);
        Assert.Equal(created[0].Seq, archived.Seq);
        Assert.Equal(archived, (await observer.NextAsync<NotificationUpdatedEvent>()).Notification);
        var counts = (await observer.NextAsync<CountsChangedEvent>()).Counts;
        Assert.Equal((1, 1, 1, 1), (counts.Total, counts.Unread, counts.Unseen, counts.Archived));
        Assert.Equal([created[1].Id], (await inbox.ListAsync(new NotificationQuery())).Items.Select(n => n.Id));
        Assert.Equal([archived], (await inbox.ListAsync(new NotificationQuery { Archived = true })).Items);
        Assert.Equal(archived, await inbox.ArchiveAsync(created[0].Id));
        await AssertNothingElsePushedAsync(inbox, observer);

        var back = await inbox.UnarchiveAsync(created[0].Id);
        Assert.Null(back!.ArchivedAt);
        Assert.True(back.IsRead);
        Assert.Equal(back, await inbox.UnarchiveAsync(created[0].Id));
        Assert.Null(await inbox.ArchiveAsync("0123456789abcdef0123456789abcdef"));
        Assert.Null(await inbox.UnarchiveAsync("0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public async Task Archive_read_moves_every_read_one_in_the_inbox_and_only_those()
    {
        var (inbox, observer) = await ConnectedAsync();
        var created = await CreateManyAsync(inbox, InboxClusterFixture.CacheSize + 4);
        await inbox.MarkReadAsync(created[0].Id);
        await inbox.MarkReadAsync(created[^1].Id);
        await inbox.MarkReadAsync(created[3].Id);
        await inbox.SnoozeAsync(created[3].Id, fixture.Time.GetUtcNow().AddHours(1));
        await SkipAsync(observer, (2 * created.Count) + (2 * 3) + 2);

        var change = await inbox.ArchiveReadAsync();

        Assert.Equal(2, change.Updated);
        Assert.Equal((created.Count - 3, 2, 1), (change.Counts.Total, change.Counts.Archived, change.Counts.Snoozed));
        Assert.IsType<NotificationsArchivedEvent>(await observer.NextAsync());
        Assert.Equal(change.Counts, (await observer.NextAsync<CountsChangedEvent>()).Counts);
        Assert.Equal(
            new[] { created[^1].Id, created[0].Id },
            (await inbox.ListAsync(new NotificationQuery { Archived = true })).Items.Select(n => n.Id));
        Assert.Equal(0, (await inbox.ArchiveReadAsync()).Updated);
        await AssertNothingElsePushedAsync(inbox, observer);
    }

    [Fact]
    public async Task A_snoozed_one_leaves_the_inbox_and_returns_on_unsnooze_at_the_top_unread_and_unseen()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, 3);
        await inbox.MarkReadAsync(created[0].Id);
        var until = fixture.Time.GetUtcNow().AddHours(2);

        var snoozed = (await inbox.SnoozeAsync(created[0].Id, until)).Notification!;

        Assert.Equal(until, snoozed.SnoozedUntil);
        var counts = await inbox.GetCountsAsync();
        Assert.Equal((2, 1), (counts.Total, counts.Snoozed));
        Assert.DoesNotContain(created[0].Id, (await inbox.ListAsync(new NotificationQuery())).Items.Select(n => n.Id));
        Assert.Equal([created[0].Id], (await inbox.ListAsync(new NotificationQuery { Snoozed = true })).Items.Select(n => n.Id));
        Assert.Equal(NotificationChangeStatus.Done, (await inbox.SnoozeAsync(created[0].Id, until)).Status);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var returned = await inbox.UnsnoozeAsync(created[0].Id);

        Assert.Null(returned!.SnoozedUntil);
        Assert.False(returned.IsRead);
        Assert.Null(returned.SeenAt);
        Assert.Equal(created[^1].Seq + 1, returned.Seq);
        Assert.Equal(fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), returned.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(created[0].Id, (await inbox.ListAsync(new NotificationQuery())).Items[0].Id);
        Assert.Equal([returned], (await inbox.ListAsync(new NotificationQuery { AfterSeq = created[^1].Seq })).Items);
        Assert.Equal(returned, await inbox.UnsnoozeAsync(created[0].Id));
        counts = await inbox.GetCountsAsync();
        Assert.Equal((3, 3, 0, returned.Seq), (counts.Total, counts.Unread, counts.Snoozed, counts.LastSeq));
    }

    [Fact]
    public async Task An_archived_one_cannot_be_snoozed_and_archiving_a_snoozed_one_ends_its_snooze_in_place()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, 2);
        var until = fixture.Time.GetUtcNow().AddHours(1);
        await inbox.ArchiveAsync(created[0].Id);

        Assert.Equal(NotificationChangeStatus.Archived, (await inbox.SnoozeAsync(created[0].Id, until)).Status);
        Assert.Equal(NotificationChangeStatus.NotFound, (await inbox.SnoozeAsync("0123456789abcdef0123456789abcdef", until)).Status);

        await inbox.SnoozeAsync(created[1].Id, until);
        var archived = await inbox.ArchiveAsync(created[1].Id);

        Assert.Null(archived!.SnoozedUntil);
        Assert.Equal(created[1].Seq, archived.Seq);
        var counts = await inbox.GetCountsAsync();
        Assert.Equal((0, 2, 0), (counts.Total, counts.Archived, counts.Snoozed));
        fixture.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(created[1].Seq, (await inbox.GetAsync(created[1].Id))!.Seq);
    }

    [Fact]
    public async Task Due_returns_come_back_at_the_next_call_in_the_order_of_their_times_then_seqs()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, 4);
        var now = fixture.Time.GetUtcNow();
        await inbox.SnoozeAsync(created[3].Id, now.AddMinutes(1));
        await inbox.SnoozeAsync(created[0].Id, now.AddMinutes(2));
        await inbox.SnoozeAsync(created[1].Id, now.AddMinutes(1));
        await inbox.SnoozeAsync(created[2].Id, now.AddMinutes(30));

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var list = (await inbox.ListAsync(new NotificationQuery())).Items;

        Assert.Equal(new[] { created[0].Id, created[3].Id, created[1].Id }, list.Select(n => n.Id));
        Assert.Equal(new[] { created[3].Seq + 3, created[3].Seq + 2, created[3].Seq + 1 }, list.Select(n => n.Seq));
        Assert.Equal(1, (await inbox.GetCountsAsync()).Snoozed);
    }

    [Fact]
    public async Task While_connected_a_return_is_pushed_at_its_time_and_it_is_silent_in_a_pause()
    {
        var (inbox, observer) = await ConnectedAsync();
        var created = (await inbox.CreateAsync(Draft())).Notification!;
        await observer.NextAsync<NotificationCreatedEvent>();
        await observer.NextAsync<CountsChangedEvent>();
        var now = fixture.Time.GetUtcNow();
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { PausedUntil = now.AddHours(1) });
        await inbox.SnoozeAsync(created.Id, now.AddSeconds(4));
        await observer.NextAsync<NotificationUpdatedEvent>();
        await observer.NextAsync<CountsChangedEvent>();

        // The clock moves less than the push timeout in all: a push whose acknowledgement is still
        // on its way when the fake clock jumps must not look stuck.
        fixture.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, (await inbox.GetCountsAsync()).Snoozed);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        // No call reaches the inbox: its own timer brings the notification back.
        var back = (await observer.NextAsync<NotificationUpdatedEvent>()).Notification;
        Assert.Equal(created.Id, back.Id);
        Assert.Null(back.SnoozedUntil);
        Assert.True(back.Silent);
        Assert.Equal(0, (await observer.NextAsync<CountsChangedEvent>()).Counts.Snoozed);
    }

    [Fact]
    public async Task An_action_is_recorded_once_and_makes_it_read_and_seen()
    {
        var (inbox, observer) = await ConnectedAsync();
        var created = (await inbox.CreateAsync(Draft())).Notification!;
        await observer.NextAsync<NotificationCreatedEvent>();
        await observer.NextAsync<CountsChangedEvent>();

        var acted = await inbox.TakeActionAsync(created.Id, "accept");

        Assert.Equal(NotificationChangeStatus.Done, acted.Status);
        Assert.Equal(("accept", true), (acted.Notification!.ActedAction, acted.Notification.IsRead));
        Assert.NotNull(acted.Notification.ActedAt);
        Assert.NotNull(acted.Notification.SeenAt);
        Assert.Equal(acted.Notification, (await observer.NextAsync<NotificationUpdatedEvent>()).Notification);
        Assert.Equal(0, (await observer.NextAsync<CountsChangedEvent>()).Counts.Unread);
        Assert.Equal(acted, await inbox.TakeActionAsync(created.Id, "accept"));
        Assert.Equal(NotificationChangeStatus.OtherActionTaken, (await inbox.TakeActionAsync(created.Id, "decline")).Status);
        Assert.Equal(NotificationChangeStatus.UnknownAction, (await inbox.TakeActionAsync(created.Id, "maybe")).Status);
        Assert.Equal(NotificationChangeStatus.NotFound, (await inbox.TakeActionAsync("0123456789abcdef0123456789abcdef", "accept")).Status);
        await AssertNothingElsePushedAsync(inbox, observer);

        var other = (await inbox.CreateAsync(Draft())).Notification!;
        await inbox.ArchiveAsync(other.Id);
        var onArchived = (await inbox.TakeActionAsync(other.Id, "decline")).Notification!;
        Assert.NotNull(onArchived.ArchivedAt);
    }

    [Fact]
    public async Task A_pause_silences_all_but_urgent_until_it_ends_and_a_past_one_reads_as_none()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var now = fixture.Time.GetUtcNow();
        var saved = await inbox.SetPreferencesAsync(NotificationPreferences.Default with { PausedUntil = now.AddMinutes(30) });
        Assert.Equal(now.AddMinutes(30), saved.PausedUntil);

        Assert.True((await inbox.CreateAsync(Draft(NotificationPriority.High))).Notification!.Silent);
        Assert.False((await inbox.CreateAsync(Draft(NotificationPriority.Urgent))).Notification!.Silent);

        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.False((await inbox.CreateAsync(Draft())).Notification!.Silent);
        Assert.Null((await inbox.GetPreferencesAsync()).PausedUntil);
        Assert.Null((await inbox.SetPreferencesAsync(NotificationPreferences.Default with { PausedUntil = now })).PausedUntil);
    }

    [Fact]
    public async Task Retract_deletes_the_message_s_notifications_in_every_inbox_and_pushes_each_delete()
    {
        var (alice, aliceObserver) = await ConnectedAsync();
        var bob = fixture.Inbox(InboxClusterFixture.NewUserId());
        var messageId = $"msg-{Guid.NewGuid():N}";
        var first = (await alice.CreateAsync(Draft() with { MessageId = messageId })).Notification!;
        var second = (await alice.CreateAsync(Draft() with { MessageId = messageId })).Notification!;
        var kept = (await alice.CreateAsync(Draft() with { MessageId = "other" })).Notification!;
        await bob.CreateAsync(Draft() with { MessageId = messageId });
        await alice.ArchiveAsync(second.Id);
        await SkipAsync(aliceObserver, (2 * 3) + 2);

        var deleted = await fixture.Client.GetGrain<IMessageRetractionGrain>(0).RetractAsync(messageId);

        Assert.Equal(3, deleted);
        var pushed = new[] { await aliceObserver.NextAsync(), await aliceObserver.NextAsync(), await aliceObserver.NextAsync(), await aliceObserver.NextAsync() };
        Assert.Equal(
            new[] { first.Id, second.Id }.Order(),
            pushed.OfType<NotificationDeletedEvent>().Select(e => e.Id).Order());
        Assert.IsType<CountsChangedEvent>(pushed[1]);
        Assert.IsType<CountsChangedEvent>(pushed[3]);
        Assert.Equal([kept.Id], (await alice.ListAsync(new NotificationQuery())).Items.Select(n => n.Id));
        Assert.Equal((1, 0), ((await alice.GetCountsAsync()).Total, (await alice.GetCountsAsync()).Archived));
        Assert.Equal(0, (await bob.GetCountsAsync()).Total);
        Assert.Equal(0, await fixture.Client.GetGrain<IMessageRetractionGrain>(0).RetractAsync(messageId));
    }
}
