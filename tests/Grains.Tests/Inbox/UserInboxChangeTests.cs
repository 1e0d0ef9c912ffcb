namespace Notifications.Grains.Tests.Inbox;

[Collection(InboxCluster.Name)]
public sealed class UserInboxChangeTests(InboxClusterFixture fixture)
{
    private static NotificationDetails Draft(NotificationType type = NotificationType.NewMessage, string conversationId = "c1") =>
        NotificationDetails.Of(type) with { SenderId = "bob", ConversationId = conversationId };

    private static async Task<List<Notification>> CreateManyAsync(IUserInboxGrain inbox, int count, Func<int, NotificationDetails>? draft = null)
    {
        var created = new List<Notification>();
        for (var i = 0; i < count; i++)
        {
            created.Add((await inbox.CreateAsync(draft?.Invoke(i) ?? Draft())).Notification!);
        }

        return created;
    }

    [Fact]
    public async Task Mark_read_sets_read_at_once_and_is_idempotent()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var n = (await inbox.CreateAsync(Draft())).Notification!;

        var read = await inbox.MarkReadAsync(n.Id);
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var again = await inbox.MarkReadAsync(n.Id);

        Assert.True(read!.IsRead);
        Assert.Equal(n.CreatedAt, read.ReadAt);
        Assert.Equal(read, again);
        var counts = await inbox.GetCountsAsync();
        Assert.Equal((1, 0), (counts.Total, counts.Unread));
        Assert.Empty(counts.ByType);
        Assert.Null(await inbox.MarkReadAsync("0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public async Task Mark_all_read_honours_type_and_conversation_filters()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        await inbox.CreateAsync(Draft(NotificationType.NewMessage, "c1"));
        await inbox.CreateAsync(Draft(NotificationType.NewMessage, "c2"));
        await inbox.CreateAsync(Draft(NotificationType.MessageReply, "c1"));

        Assert.Equal(1, (await inbox.MarkAllReadAsync(NotificationType.NewMessage, "c1")).Updated);
        Assert.Equal(1, (await inbox.MarkAllReadAsync(NotificationType.NewMessage, null)).Updated);
        Assert.Equal(0, (await inbox.MarkAllReadAsync(NotificationType.NewMessage, null)).Updated);
        var counts = await inbox.GetCountsAsync();
        Assert.Equal(1, counts.Unread);
        Assert.Equal(1, counts.ByType[NotificationType.MessageReply]);
        Assert.Equal(1, (await inbox.MarkAllReadAsync(null, null)).Updated);
        Assert.Equal(0, (await inbox.GetCountsAsync()).Unread);
    }

    [Fact]
    public async Task Delete_removes_it_from_lists_and_counts_but_last_seq_stays()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, 2);

        Assert.True(await inbox.DeleteAsync(created[1].Id));
        Assert.False(await inbox.DeleteAsync(created[1].Id));

        Assert.Null(await inbox.GetAsync(created[1].Id));
        var counts = await inbox.GetCountsAsync();
        Assert.Equal((1, 1, 2L), (counts.Total, counts.Unread, counts.LastSeq));
        Assert.Equal([created[0].Id], (await inbox.ListAsync(new NotificationQuery())).Items.Select(n => n.Id));
    }

    [Fact]
    public async Task An_expired_notification_is_gone_from_every_read_and_count_at_once()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var expiring = (await inbox.CreateAsync(Draft() with { ExpiresAt = fixture.Time.GetUtcNow().AddMinutes(1) }, "e")).Notification!;
        var lasting = (await inbox.CreateAsync(Draft(NotificationType.ContactRequest))).Notification!;
        Assert.Equal(2, (await inbox.GetCountsAsync()).Unread);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var counts = await inbox.GetCountsAsync();
        Assert.Equal((1, 1, 2L), (counts.Total, counts.Unread, counts.LastSeq));
        Assert.False(counts.ByType.ContainsKey(NotificationType.NewMessage));
        Assert.Null(await inbox.GetAsync(expiring.Id));
        Assert.Null(await inbox.MarkReadAsync(expiring.Id));
        Assert.False(await inbox.DeleteAsync(expiring.Id));
        Assert.Equal([lasting.Id], (await inbox.ListAsync(new NotificationQuery())).Items.Select(n => n.Id));
        Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(Draft(), "e")).Status);
    }

    [Fact]
    public async Task Pages_walk_newest_first_past_the_cache_into_the_store()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, (InboxClusterFixture.CacheSize * 2) + 5, i => Draft(i % 2 == 0 ? NotificationType.NewMessage : NotificationType.MessageReply));
        await inbox.MarkReadAsync(created[3].Id);

        var seen = await ReadAllPagesAsync(inbox, new NotificationQuery { Limit = 4 });
        Assert.Equal(created.Select(n => n.Seq).Reverse(), seen.Select(n => n.Seq));
        Assert.True(seen.Single(n => n.Seq == created[3].Seq).IsRead);

        var replies = await ReadAllPagesAsync(inbox, new NotificationQuery { Limit = 3, Type = NotificationType.MessageReply, IsRead = false });
        Assert.Equal(created.Where(n => n.Details.Type == NotificationType.MessageReply && n.Id != created[3].Id).Select(n => n.Seq).Reverse(), replies.Select(n => n.Seq));
    }

    [Fact]
    public async Task Catch_up_lists_oldest_first_after_a_seq_from_memory_or_store()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var created = await CreateManyAsync(inbox, (InboxClusterFixture.CacheSize * 2) + 3);

        foreach (var after in new long[] { 0, 5, created.Count - 4, created.Count })
        {
            var items = new List<Notification>();
            var query = new NotificationQuery { Limit = 7, AfterSeq = after };
            while (true)
            {
                var page = await inbox.ListAsync(query);
                items.AddRange(page.Items);
                if (!page.HasMore)
                {
                    break;
                }

                query = query with { AfterSeq = page.Items[^1].Seq };
            }

            Assert.Equal(created.Where(n => n.Seq > after).Select(n => n.Seq), items.Select(n => n.Seq));
        }
    }

    [Fact]
    public async Task A_reactivated_inbox_rebuilds_everything_from_the_store()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);
        var created = await CreateManyAsync(inbox, InboxClusterFixture.CacheSize + 3, i => Draft(i % 3 == 0 ? NotificationType.MissedCall : NotificationType.NewMessage));
        await inbox.MarkReadAsync(created[0].Id);
        await inbox.MarkReadAsync(created[^2].Id);
        await inbox.DeleteAsync(created[^1].Id);
        var preferences = new NotificationPreferences([NotificationType.MemberJoined], ["c9"], new DoNotDisturb(true, new TimeOnly(21, 30), new TimeOnly(6, 45), "Europe/Paris"));
        await inbox.SetPreferencesAsync(preferences);
        var countsBefore = await inbox.GetCountsAsync();
        var listBefore = await inbox.ListAsync(new NotificationQuery { Limit = 100 });

        await fixture.Cluster.DeactivateAsync(inbox);

        var reloaded = fixture.Inbox(userId);
        var countsAfter = await reloaded.GetCountsAsync();
        Assert.Equal(countsBefore.LastSeq, countsAfter.LastSeq);
        Assert.Equal((countsBefore.Total, countsBefore.Unread), (countsAfter.Total, countsAfter.Unread));
        Assert.Equal(countsBefore.ByType, countsAfter.ByType);
        Assert.Equal(countsBefore.ByPriority, countsAfter.ByPriority);
        var prefsAfter = await reloaded.GetPreferencesAsync();
        Assert.Equal(preferences.DisabledTypes, prefsAfter.DisabledTypes);
        Assert.Equal(preferences.MutedConversations, prefsAfter.MutedConversations);
        Assert.Equal(preferences.Dnd, prefsAfter.Dnd);
        Assert.Equal(listBefore.Items, (await reloaded.ListAsync(new NotificationQuery { Limit = 100 })).Items);
        Assert.Equal(created[^1].Seq + 1, (await reloaded.CreateAsync(Draft())).Notification!.Seq);
    }

    private static async Task<List<Notification>> ReadAllPagesAsync(IUserInboxGrain inbox, NotificationQuery query)
    {
        var items = new List<Notification>();
        while (true)
        {
            var page = await inbox.ListAsync(query);
            Assert.True(page.Items.Count <= query.Limit);
            items.AddRange(page.Items);
            if (!page.HasMore)
            {
                return items;
            }

            query = query with { BeforeSeq = page.Items[^1].Seq };
        }
    }
}
