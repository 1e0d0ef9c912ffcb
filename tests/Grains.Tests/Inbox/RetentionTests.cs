using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>
/// A silo whose inboxes keep at most <see cref="Cap"/> notifications, trim at most
/// <see cref="Batch"/> per turn, and cache fewer than the cap (as in production: 500 of 10,000).
/// </summary>
public sealed class RetentionClusterFixture() : InboxClusterFixture(new Dictionary<string, string?>
{
    ["Inbox:MaxNotificationsPerUser"] = "5",
    ["Inbox:TrimBatchSize"] = "2",
    ["Inbox:CacheSize"] = "3",
})
{
    public const int Cap = 5;

    public const int Batch = 2;
}

/// <summary>The retention cap: the newest N kept, the rest trimmed in bounded batches, counts exact throughout.</summary>
public sealed class RetentionTests(RetentionClusterFixture fixture) : IClassFixture<RetentionClusterFixture>, IDisposable
{
    private readonly List<IInboxObserver> _references = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NotificationDetails Draft(int i) =>
        NotificationDetails.Of(i % 3 == 0 ? NotificationType.UserMentioned : NotificationType.NewMessage) with
        {
            SenderId = $"sender-{i}",
            ConversationId = "c1",
            Priority = i % 2 == 0 ? NotificationPriority.High : NotificationPriority.Normal,
        };

    [Fact]
    public async Task The_newest_are_kept_and_counts_equal_the_list_at_every_step()
    {
        var userId = InboxClusterFixture.NewUserId();
        var inbox = fixture.Inbox(userId);
        var created = new List<Notification>();
        for (var i = 0; i < 12; i++)
        {
            created.Add((await inbox.CreateAsync(Draft(i))).Notification!);
            if (i == 1)
            {
                await inbox.MarkReadAsync(created[1].Id);
            }

            await AssertCountsEqualTheListAsync(inbox);
        }

        var counts = await SettledAsync(inbox);
        Assert.Equal((RetentionClusterFixture.Cap, 12L), (counts.Total, counts.LastSeq));
        var kept = await ListAllAsync(inbox);
        Assert.Equal(created.TakeLast(RetentionClusterFixture.Cap).Reverse().Select(n => n.Id), kept.Select(n => n.Id));
        await AssertCountsEqualTheListAsync(inbox);

        // The store holds exactly what the inbox says: a fresh activation finds the same.
        var stored = await fixture.Store.ListAsync(userId, new NotificationQuery { AfterSeq = 0, Limit = 100 }, fixture.Time.GetUtcNow(), Ct);
        Assert.Equal(kept.Select(n => n.Id).Reverse(), stored.Items.Select(n => n.Id));
        await fixture.Cluster.DeactivateAsync(inbox);
        await fixture.Cluster.WaitForDeactivationAsync(inbox);
        Assert.Equal(counts.Total, (await inbox.GetCountsAsync()).Total);
    }

    [Fact]
    public async Task A_backlog_is_trimmed_a_batch_per_turn_each_pushed_with_its_counts()
    {
        // Eleven stored while the cap was higher (or before it existed); the inbox is not active.
        var userId = InboxClusterFixture.NewUserId();
        var now = fixture.Time.GetUtcNow();
        var rows = Enumerable.Range(1, 11).Select(seq => new Notification
        {
            Id = $"backlog-{Guid.NewGuid():N}",
            UserId = userId,
            Seq = seq,
            Details = Draft(seq),
            CreatedAt = now.AddSeconds(seq - 20),
            IsRead = seq % 4 == 0,
            ReadAt = seq % 4 == 0 ? now : null,
            SeenAt = seq % 4 == 0 ? now : null,
        }).ToArray();
        await fixture.Store.InsertAsync([.. rows.Select(row => new NewNotification(row))], Ct);

        var inbox = fixture.Inbox(userId);
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<IInboxObserver>(observer);
        _references.Add(reference);
        Assert.True(await inbox.SubscribeAsync(reference, 1));

        // The greeting shows the backlog or what a first batch left of it; then one counts per batch.
        var totals = new List<int> { (await observer.NextAsync<CountsChangedEvent>()).Counts.Total };
        while (totals[^1] > RetentionClusterFixture.Cap)
        {
            totals.Add((await observer.NextAsync<CountsChangedEvent>()).Counts.Total);
            Assert.True(totals.Count <= 11, "the trim does not end: " + string.Join(", ", totals));
        }

        Assert.Contains(totals[0], new[] { 11, 9, 7, 5 });
        Assert.All(totals.Zip(totals.Skip(1)), step => Assert.Equal(step.First - RetentionClusterFixture.Batch, step.Second));
        Assert.Equal(RetentionClusterFixture.Cap, totals[^1]);
        Assert.Equal(rows.TakeLast(RetentionClusterFixture.Cap).Reverse().Select(n => n.Id), (await ListAllAsync(inbox)).Select(n => n.Id));
        await AssertCountsEqualTheListAsync(inbox);
        Assert.Equal(11, (await inbox.GetCountsAsync()).LastSeq);
        Assert.False(observer.TryTake(out var extra), $"nothing after the last batch, got {extra}");
    }

    [Fact]
    public async Task Expired_notifications_do_not_count_toward_the_cap()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var expiresAt = fixture.Time.GetUtcNow().AddMinutes(1);
        for (var i = 0; i < 4; i++)
        {
            await inbox.CreateAsync(Draft(i) with { ExpiresAt = expiresAt });
        }

        var oldestLive = (await inbox.CreateAsync(Draft(4))).Notification!;
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var newer = new List<Notification>();
        for (var i = 0; i < 4; i++)
        {
            newer.Add((await inbox.CreateAsync(Draft(5 + i))).Notification!);
        }

        Assert.Equal(RetentionClusterFixture.Cap, (await inbox.GetCountsAsync()).Total);
        Assert.Contains(oldestLive.Id, (await ListAllAsync(inbox)).Select(n => n.Id));

        newer.Add((await inbox.CreateAsync(Draft(9))).Notification!);
        Assert.Equal(RetentionClusterFixture.Cap, (await SettledAsync(inbox)).Total);
        Assert.Equal(newer.AsEnumerable().Reverse().Select(n => n.Id), (await ListAllAsync(inbox)).Select(n => n.Id));
    }

    public void Dispose()
    {
        foreach (var reference in _references)
        {
            fixture.Client.DeleteObjectReference<IInboxObserver>(reference);
        }
    }

    /// <summary>Every live notification, newest first, following the pages.</summary>
    private static async Task<List<Notification>> ListAllAsync(IUserInboxGrain inbox)
    {
        var all = new List<Notification>();
        long? beforeSeq = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await inbox.ListAsync(new NotificationQuery { Limit = 2, BeforeSeq = beforeSeq });
            all.AddRange(page.Items);
            if (!page.HasMore)
            {
                return all;
            }

            beforeSeq = page.Items[^1].Seq;
        }

        throw new InvalidOperationException("paging does not end");
    }

    /// <summary>
    /// The counts and the list agree whenever nothing changed between them: a trim runs in a turn
    /// of its own, so counts read before and after the list bracket it.
    /// </summary>
    private static async Task AssertCountsEqualTheListAsync(IUserInboxGrain inbox)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var before = await inbox.GetCountsAsync();
            var list = await ListAllAsync(inbox);
            var after = await inbox.GetCountsAsync();
            if (before.Total != after.Total)
            {
                continue;
            }

            var unread = list.Where(n => !n.IsRead).ToArray();
            Assert.Equal(after.Total, list.Count);
            Assert.Equal(after.Unread, unread.Length);
            Assert.Equal(after.ByType, unread.GroupBy(n => n.Details.Type).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()));
            Assert.Equal(after.ByPriority, unread.GroupBy(n => n.Details.Priority).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()));
            Assert.True(list.Count <= RetentionClusterFixture.Cap + RetentionClusterFixture.Batch);
            return;
        }

        Assert.Fail("the counts never held still around a list");
    }

    /// <summary>The counts once the trim has caught up (each call is a turn; trim turns run between them).</summary>
    private static async Task<InboxCounts> SettledAsync(IUserInboxGrain inbox)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var counts = await inbox.GetCountsAsync();
            if (counts.Total <= RetentionClusterFixture.Cap || DateTime.UtcNow > deadline)
            {
                return counts;
            }
        }
    }
}
