namespace Notifications.Grains.Tests.Inbox;

[Collection(InboxCluster.Name)]
public sealed class UserInboxCreateTests(InboxClusterFixture fixture)
{
    private static NotificationDetails Draft(NotificationType type = NotificationType.NewMessage) => NotificationDetails.Of(type) with
    {
        SenderId = "bob",
        SenderUsername = "Bob",
        ConversationId = "c1",
    };

    [Fact]
    public async Task Create_stores_stamps_and_counts_the_notification()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);

        var result = await inbox.CreateAsync(Draft() with { Content = "hello" });

        Assert.Equal(CreateStatus.Created, result.Status);
        var n = result.Notification!;
        Assert.Equal(userId, n.UserId);
        Assert.Equal(1, n.Seq);
        Assert.Equal(NotificationPriority.Normal, n.Details.Priority);
        Assert.Equal("New message from Bob", n.Details.Title);
        Assert.Equal(fixture.Time.GetUtcNow(), n.CreatedAt);
        Assert.False(n.IsRead);
        Assert.False(n.Silent);
        Assert.Matches("^[0-9a-f]{32}$", n.Id);

        var counts = await inbox.GetCountsAsync();
        Assert.Equal(1, counts.Total);
        Assert.Equal(1, counts.Unread);
        Assert.Equal(1, counts.ByType[NotificationType.NewMessage]);
        Assert.Equal(1, counts.ByPriority[NotificationPriority.Normal]);
        Assert.Equal(1, counts.LastSeq);
        Assert.Equal(n, await inbox.GetAsync(n.Id));
    }

    [Fact]
    public async Task Seq_increases_strictly_in_creation_order()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var seqs = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seqs.Add((await inbox.CreateAsync(Draft())).Notification!.Seq);
        }

        Assert.Equal([1, 2, 3, 4, 5], seqs);
    }

    [Fact]
    public async Task Text_fields_are_sanitized_and_truncated_to_25_words()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var words = string.Join(' ', Enumerable.Range(1, 26).Select(i => $"w{i}"));

        var n = (await inbox.CreateAsync(Draft() with
        {
            Title = "Tom &amp; Jerry <b>rock</b>",
            Content = words,
            MessagePreview = "<script>alert(1)</script>hi",
            SenderUsername = "<i>Bob</i>",
        })).Notification!;

        Assert.Equal("Tom & Jerry rock", n.Details.Title);
        Assert.Equal(string.Join(' ', Enumerable.Range(1, 25).Select(i => $"w{i}")) + "…", n.Details.Content);
        Assert.Equal("hi", n.Details.MessagePreview);
        Assert.Equal("Bob", n.Details.SenderUsername);
    }

    [Fact]
    public async Task A_title_that_sanitizes_to_nothing_is_generated()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());

        var n = (await inbox.CreateAsync(Draft(NotificationType.MissedCall) with { Title = "<script>x</script>" })).Notification!;

        Assert.Equal("Missed call from Bob", n.Details.Title);
        Assert.Equal(NotificationPriority.High, n.Details.Priority);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_the_first_notification_and_creates_nothing()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);
        var first = await inbox.CreateAsync(Draft() with { Content = "first" }, "k1");

        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { DisabledTypes = [NotificationType.NewMessage] });
        var again = await inbox.CreateAsync(Draft() with { Content = "second" }, "k1");

        Assert.Equal(CreateStatus.Duplicate, again.Status);
        Assert.Equal(first.Notification, again.Notification);
        Assert.Equal(1, (await inbox.GetCountsAsync()).Total);

        var otherUser = await fixture.Inbox(InboxClusterFixture.NewUserId()).CreateAsync(Draft(), "k1");
        Assert.Equal(CreateStatus.Created, otherUser.Status);
    }

    [Fact]
    public async Task An_idempotency_key_is_free_again_after_its_notification_is_deleted()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var first = (await inbox.CreateAsync(Draft(), "k")).Notification!;
        Assert.True(await inbox.DeleteAsync(first.Id));

        var second = await inbox.CreateAsync(Draft(), "k");

        Assert.Equal(CreateStatus.Created, second.Status);
        Assert.NotEqual(first.Id, second.Notification!.Id);
    }

    [Fact]
    public async Task A_disabled_type_is_suppressed_and_stores_nothing()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { DisabledTypes = [NotificationType.MessageReaction] });

        var result = await inbox.CreateAsync(Draft(NotificationType.MessageReaction), "r1");

        Assert.Equal(CreateResult.Suppressed(CreateResult.TypeDisabled), result);
        var counts = await inbox.GetCountsAsync();
        Assert.Equal(0, counts.Total);
        Assert.Equal(0, counts.LastSeq);

        // A suppressed create reserves no key.
        await inbox.SetPreferencesAsync(NotificationPreferences.Default);
        Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(Draft(NotificationType.MessageReaction), "r1")).Status);
    }

    [Theory]
    [InlineData(NotificationType.NewMessage, true)]
    [InlineData(NotificationType.MessageReply, true)]
    [InlineData(NotificationType.MessageReaction, true)]
    [InlineData(NotificationType.MemberJoined, true)]
    [InlineData(NotificationType.UserMentioned, false)]
    [InlineData(NotificationType.NewConversationGroup, false)]
    [InlineData(NotificationType.MissedCall, false)]
    public async Task A_muted_conversation_suppresses_only_the_chatty_types(NotificationType type, bool suppressed)
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { MutedConversations = ["c1"] });

        var inMuted = await inbox.CreateAsync(Draft(type) with { SenderId = "muted-sender" });
        var elsewhere = await inbox.CreateAsync(Draft(type) with { SenderId = "other-sender", ConversationId = "c2" });

        Assert.Equal(suppressed ? CreateStatus.Suppressed : CreateStatus.Created, inMuted.Status);
        Assert.Equal(suppressed ? CreateResult.ConversationMuted : null, inMuted.Reason);
        Assert.Equal(CreateStatus.Created, elsewhere.Status);
    }

    [Fact]
    public async Task The_sixth_mention_within_60_seconds_from_one_sender_is_rate_limited()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);
        var mention = Draft(NotificationType.UserMentioned) with { SenderId = InboxClusterFixture.NewUserId("s") };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(mention)).Status);
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(CreateResult.RateLimited(), await inbox.CreateAsync(mention));
        Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(mention with { SenderId = "someone-else" })).Status);

        // The window slides: 60 s after the first mention, one slot is free again.
        fixture.Time.Advance(TimeSpan.FromSeconds(55));
        Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(mention)).Status);
        Assert.Equal(CreateStatus.RateLimited, (await inbox.CreateAsync(mention)).Status);
        Assert.Equal(7, (await inbox.GetCountsAsync()).Total);
    }

    [Fact]
    public async Task Only_created_mentions_count_toward_the_limit()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var mention = Draft(NotificationType.UserMentioned) with { SenderId = InboxClusterFixture.NewUserId("s") };
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { DisabledTypes = [NotificationType.UserMentioned] });
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(CreateStatus.Suppressed, (await inbox.CreateAsync(mention)).Status);
        }

        await inbox.SetPreferencesAsync(NotificationPreferences.Default);
        var first = await inbox.CreateAsync(mention, "m");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(CreateStatus.Duplicate, (await inbox.CreateAsync(mention, "m")).Status);
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(mention)).Status);
        }

        Assert.Equal(CreateStatus.Created, first.Status);
        Assert.Equal(CreateStatus.RateLimited, (await inbox.CreateAsync(mention)).Status);
    }

    [Fact]
    public async Task Inside_do_not_disturb_a_notification_is_stored_silent_unless_urgent()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var now = TimeOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        var dnd = new DoNotDisturb(true, now.AddMinutes(-30), now.AddMinutes(30), "UTC");
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { Dnd = dnd });

        var quiet = (await inbox.CreateAsync(Draft())).Notification!;
        var urgent = (await inbox.CreateAsync(Draft() with { Priority = NotificationPriority.Urgent })).Notification!;

        Assert.True(quiet.Silent);
        Assert.False(urgent.Silent);
        Assert.Equal(2, (await inbox.GetCountsAsync()).Unread);

        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { Dnd = dnd with { Start = now.AddMinutes(30), End = now.AddMinutes(90) } });
        Assert.False((await inbox.CreateAsync(Draft())).Notification!.Silent);
    }
}
