namespace Notifications.Grains.Tests.Inbox;

/// <summary>Replacement by collapse key (API.md v2, Producers): in place, after idempotency, preferences and the mention limit.</summary>
[Collection(InboxCluster.Name)]
public sealed class UserInboxCollapseTests(InboxClusterFixture fixture)
{
    private static NotificationDetails Draft(string collapseKey, string title = "t", NotificationType type = NotificationType.NewMessage) =>
        NotificationDetails.Of(type) with { SenderId = "bob", ConversationId = "c1", CollapseKey = collapseKey, Title = title };

    [Fact]
    public async Task A_create_with_the_key_of_an_unread_one_replaces_it_in_place_at_the_top()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var first = (await inbox.CreateAsync(Draft("general") with
        {
            Actions = new NotificationActions([new("open", "Open")]),
        })).Notification!;
        await inbox.TakeActionAsync(first.Id, "open");
        await inbox.MarkSeenAsync(first.Seq);
        var unread = (await inbox.CreateAsync(Draft("general", "2 new"))).Notification!;
        Assert.NotEqual(first.Id, unread.Id);
        var other = (await inbox.CreateAsync(Draft("elsewhere"))).Notification!;
        fixture.Time.Advance(TimeSpan.FromSeconds(3));

        var result = await inbox.CreateAsync(Draft("general", "3 new") with { Priority = NotificationPriority.High });

        Assert.Equal(CreateStatus.Replaced, result.Status);
        var replaced = result.Notification!;
        Assert.Equal(unread.Id, replaced.Id);
        Assert.Equal((other.Seq + 1, 2, "3 new", NotificationPriority.High), (replaced.Seq, replaced.CollapsedCount, replaced.Details.Title, replaced.Details.Priority));
        Assert.Equal(fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), replaced.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Empty(replaced.Details.Actions);
        Assert.Null(replaced.ActedAction);
        var list = (await inbox.ListAsync(new NotificationQuery())).Items;
        Assert.Equal(new[] { unread.Id, other.Id, first.Id }, list.Select(n => n.Id));
        Assert.Equal(replaced, list[0]);
        var counts = await inbox.GetCountsAsync();
        Assert.Equal((3, 2, replaced.Seq), (counts.Total, counts.Unread, counts.LastSeq));
    }

    [Fact]
    public async Task Read_archived_snoozed_and_expired_ones_are_not_replaced_and_the_newest_unread_is()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var now = fixture.Time.GetUtcNow();
        var read = (await inbox.CreateAsync(Draft("k"))).Notification!;
        await inbox.MarkReadAsync(read.Id);
        var older = (await inbox.CreateAsync(Draft("k"))).Notification!;
        Assert.Equal(CreateStatus.Created, (await inbox.CreateAsync(Draft("x"))).Status);
        Assert.NotEqual(read.Id, older.Id);

        // Two unread ones can hold a key when the newer came while the older was snoozed.
        await inbox.SnoozeAsync(older.Id, now.AddHours(1));
        var newer = (await inbox.CreateAsync(Draft("k"))).Notification!;
        await inbox.UnsnoozeAsync(older.Id);
        var replaced = await inbox.CreateAsync(Draft("k", "again"));
        Assert.Equal((CreateStatus.Replaced, older.Id), (replaced.Status, replaced.Notification!.Id));

        await inbox.ArchiveAsync(older.Id);
        var expiring = (await inbox.CreateAsync(Draft("e") with { ExpiresAt = fixture.Time.GetUtcNow().AddSeconds(1) })).Notification!;
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        var onlyNewerLeft = await inbox.CreateAsync(Draft("k"));
        Assert.Equal((CreateStatus.Replaced, newer.Id), (onlyNewerLeft.Status, onlyNewerLeft.Notification!.Id));
        var afterExpiry = await inbox.CreateAsync(Draft("e"));
        Assert.Equal(CreateStatus.Created, afterExpiry.Status);
        Assert.NotEqual(expiring.Id, afterExpiry.Notification!.Id);
    }

    [Fact]
    public async Task Every_key_folded_into_a_notification_answers_duplicate_with_it_as_it_is_now()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var first = (await inbox.CreateAsync(Draft("k", "one"), idempotencyKey: "idem-1")).Notification!;
        var second = await inbox.CreateAsync(Draft("k", "two"), idempotencyKey: "idem-2");
        Assert.Equal(CreateStatus.Replaced, second.Status);

        foreach (var key in new[] { "idem-1", "idem-2" })
        {
            var retry = await inbox.CreateAsync(Draft("k", "retry"), idempotencyKey: key);
            Assert.Equal(CreateStatus.Duplicate, retry.Status);
            Assert.Equal(second.Notification, retry.Notification);
        }

        // Bound in the store too: a rebuilt inbox and a cold cache answer the same.
        await fixture.Cluster.DeactivateAsync(inbox);
        var rebuilt = fixture.Inbox(first.UserId);
        Assert.Equal(second.Notification, (await rebuilt.CreateAsync(Draft("k"), idempotencyKey: "idem-1")).Notification);
        await rebuilt.DeleteAsync(first.Id);
        Assert.Equal(CreateStatus.Created, (await rebuilt.CreateAsync(Draft("k"), idempotencyKey: "idem-2")).Status);
    }

    [Fact]
    public async Task A_suppressed_or_rate_limited_create_replaces_nothing_and_a_replacing_mention_counts_toward_the_limit()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);
        var target = (await inbox.CreateAsync(Draft("m", type: NotificationType.UserMentioned) with { SenderId = "carol" })).Notification!;
        await inbox.SetPreferencesAsync(NotificationPreferences.Default with { MutedConversations = ["c1"] });
        Assert.Equal(CreateStatus.Suppressed, (await inbox.CreateAsync(Draft("m"))).Status);
        await inbox.SetPreferencesAsync(NotificationPreferences.Default);

        // The mention limit is 5 a minute per sender: the first create and four replacements use it up.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(CreateStatus.Replaced, (await inbox.CreateAsync(Draft("m", $"r{i}", NotificationType.UserMentioned) with { SenderId = "carol" })).Status);
        }

        Assert.Equal(CreateStatus.RateLimited, (await inbox.CreateAsync(Draft("m", "over", NotificationType.UserMentioned) with { SenderId = "carol" })).Status);
        var now = await inbox.GetAsync(target.Id);
        Assert.Equal(("r3", 5), (now!.Details.Title, now.CollapsedCount));
    }
}
