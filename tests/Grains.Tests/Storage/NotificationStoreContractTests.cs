using System.Globalization;
using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="INotificationStore"/> must have. One store (one database) serves a
/// whole test class, so each test works on users of its own; only the cleanup tests touch rows
/// globally, and they use times (year 2001) no other test uses, or a database of their own.
/// </summary>
public abstract class NotificationStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract INotificationStore Store { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, uninitialized store instance over a database (file or schema) named <paramref name="name"/>; instances with the same name share it.</summary>
    protected abstract INotificationStore CreateStore(string name);

    /// <summary>Runs raw SQL (unqualified table names) on the database of a store made by <see cref="CreateStore"/>, as an operator would.</summary>
    protected abstract Task ExecuteSqlAsync(INotificationStore store, string sql);

    /// <summary>Runs a raw query and answers its first column of its first row, as <see cref="ExecuteSqlAsync"/> runs SQL.</summary>
    protected abstract Task<object?> QueryScalarAsync(INotificationStore store, string sql);

    /// <summary>Creates or migrates the schema of a store made by <see cref="CreateStore"/> only up to <paramref name="version"/>.</summary>
    protected abstract Task MigrateToAsync(INotificationStore store, int version);

    /// <summary>A time as an SQL literal of the store's time columns.</summary>
    protected abstract string SqlTime(DateTimeOffset time);

    /// <summary>A boolean as an SQL literal of the store's boolean columns.</summary>
    protected abstract string SqlBool(bool value);

    protected static AuditRecord PreferencesAudit(string userId) =>
        new(T0, "hash-" + userId, AuditActions.PreferencesUpdated, 1, null, AuditOrigin.None);

    protected static string NewUser() => "user-" + Guid.NewGuid().ToString("N");

    protected static Notification Make(
        string userId,
        long seq,
        NotificationType type = NotificationType.NewMessage,
        NotificationPriority priority = NotificationPriority.Normal,
        string? conversationId = null,
        DateTimeOffset? expiresAt = null,
        string? dataJson = null,
        string? collapseKey = null,
        string? messageId = null) => new()
    {
        Id = $"{userId}-{seq}-{Guid.NewGuid():N}",
        UserId = userId,
        Seq = seq,
        Details = new NotificationDetails
        {
            Type = type,
            Title = $"Title {seq}",
            Priority = priority,
            ConversationId = conversationId,
            ExpiresAt = expiresAt,
            DataJson = dataJson,
            CollapseKey = collapseKey,
            MessageId = messageId,
        },
        CreatedAt = T0.AddSeconds(seq),
    };

    /// <summary>Read (at <see cref="T0"/>) and so seen.</summary>
    protected static Notification Read(Notification n) => n with { IsRead = true, ReadAt = T0, SeenAt = n.SeenAt ?? T0 };

    protected static Notification Archived(Notification n) => n with { ArchivedAt = T0 };

    protected static Notification Snoozed(Notification n) => n with { SnoozedUntil = T0.AddDays(1) };

    protected static NewNotification Keyed(Notification n, string key) => new(n, key);

    protected static CountedState State(
        NotificationType type = NotificationType.NewMessage,
        NotificationPriority priority = NotificationPriority.Normal,
        bool isRead = false,
        bool isSeen = false,
        InboxShelf shelf = InboxShelf.Inbox) => new(type, priority, isRead, isSeen, shelf);

    private async Task<string> SeqsAsync(string user, NotificationQuery query, DateTimeOffset? now = null) =>
        string.Join(",", (await Store.ListAsync(user, query, now ?? T0, Ct)).Items.Select(n => n.Seq));

    /// <summary>How many idempotency keys of the user are stored, bound or not to a live notification.</summary>
    private async Task<long> StoredKeysAsync(INotificationStore store, string user) =>
        Convert.ToInt64(await QueryScalarAsync(store, $"SELECT COUNT(*) FROM notification_keys WHERE user_id = '{user}'"), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Insert_then_find_round_trips_every_field()
    {
        var user = NewUser();
        var full = new Notification
        {
            Id = "full-" + Guid.NewGuid().ToString("N"),
            UserId = user,
            Seq = 1,
            Details = new NotificationDetails
            {
                Type = NotificationType.UserMentioned,
                Title = "Alice mentioned you",
                Content = "Hello <world> & \"friends\" — ünïcødé 🎉",
                Priority = NotificationPriority.Urgent,
                SenderId = "alice",
                SenderUsername = "Alice",
                SenderAvatar = "https://example.com/a.png",
                MessagePreview = "preview",
                ConversationId = "c1",
                MessageId = "m1",
                CallSessionId = "call1",
                DataJson = """{"b":1,"a":[true,null,{"x":"é"}]}""",
                ExpiresAt = T0.AddDays(1).AddMilliseconds(7),
                CollapseKey = "build:42@ci",
                Actions = new NotificationActions(
                [
                    new NotificationAction("accept", "Accept ✓ \"now\"", "https://example.com/a?x=1&y=<2>"),
                    new NotificationAction("later", "Later"),
                ]),
            },
            IsRead = true,
            ReadAt = T0.AddMilliseconds(2_345),
            CreatedAt = T0.AddMilliseconds(1_234),
            Silent = true,
            SeenAt = T0.AddMilliseconds(2_001),
            ArchivedAt = T0.AddMilliseconds(3_456),
            CollapsedCount = 7,
            ActedAction = "accept",
            ActedAt = T0.AddMilliseconds(2_345),
        };
        var snoozed = Make(user, 2) with
        {
            SnoozedUntil = T0.AddDays(2).AddMilliseconds(3),
            Details = Make(user, 2).Details with { Actions = new NotificationActions([new NotificationAction("only", "Only one", null)]) },
        };
        var bare = Make(user, 3);

        await Store.InsertAsync([Keyed(full, "key-1"), new NewNotification(snoozed), new NewNotification(bare)], Ct);

        var foundFull = await Store.FindAsync(user, full.Id, T0, Ct);
        var foundSnoozed = await Store.FindAsync(user, snoozed.Id, T0, Ct);
        var foundBare = await Store.FindAsync(user, bare.Id, T0, Ct);
        Assert.Equal(full, foundFull);
        Assert.Equal(snoozed, foundSnoozed);
        Assert.Equal(bare, foundBare);
        Assert.Equal(full, await Store.FindByIdempotencyKeyAsync(user, "key-1", T0, Ct));
        Assert.Equal(TimeSpan.Zero, foundFull!.CreatedAt.Offset);
        Assert.Equal([new NotificationAction("accept", "Accept ✓ \"now\"", "https://example.com/a?x=1&y=<2>"), new NotificationAction("later", "Later", null)], foundFull.Details.Actions);
        Assert.Null(foundSnoozed!.Details.Actions.Single().Url);
        Assert.Null(foundBare!.Details.DataJson);
        Assert.Null(foundBare.ReadAt);
        Assert.Null(foundBare.Details.ExpiresAt);
        Assert.Null(foundBare.SeenAt);
        Assert.Null(foundBare.ArchivedAt);
        Assert.Null(foundBare.SnoozedUntil);
        Assert.Null(foundBare.Details.CollapseKey);
        Assert.Equal(1, foundBare.CollapsedCount);
        Assert.Empty(foundBare.Details.Actions);
        Assert.Null(foundBare.ActedAction);
        Assert.Null(foundBare.ActedAt);

        // No actions are stored as NULL, not as an empty array.
        Assert.Equal(1L, Convert.ToInt64(await QueryScalarAsync(Store, $"SELECT COUNT(*) FROM notifications WHERE id = '{bare.Id}' AND actions IS NULL"), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// What makes a stale activation harmless (a silo cut off by the network, still holding an
    /// inbox that another silo has re-activated): its write of a seq the new activation has used
    /// fails, never overwrites, and takes nothing else of its batch with it into the store.
    /// </summary>
    [Fact]
    public async Task A_write_of_a_seq_the_user_already_has_fails_and_changes_nothing()
    {
        var user = NewUser();
        var current = Make(user, 1);
        await Store.InsertAsync([current], Ct);
        var fresh = Make(user, 1);
        var stale = fresh with { Details = fresh.Details with { Title = "from a stale activation" } };
        var otherUser = Make(NewUser(), 1);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.InsertAsync([otherUser, stale], Ct));

        Assert.Equal(current, await Store.FindAsync(user, current.Id, T0, Ct));
        Assert.Null(await Store.FindAsync(user, stale.Id, T0, Ct));
        Assert.Null(await Store.FindAsync(otherUser.UserId, otherUser.Id, T0, Ct));
        Assert.Equal([current.Id], (await Store.ListAsync(user, new NotificationQuery { AfterSeq = 0 }, T0, Ct)).Items.Select(n => n.Id));
    }

    [Fact]
    public async Task Find_answers_null_for_unknown_ids_and_other_users_notifications()
    {
        var alice = NewUser();
        var bob = NewUser();
        var n = Make(alice, 1);
        await Store.InsertAsync([n], Ct);

        Assert.Null(await Store.FindAsync(alice, "missing", T0, Ct));
        Assert.Null(await Store.FindAsync(bob, n.Id, T0, Ct));
    }

    [Theory]
    [InlineData("""{"b":1,"a":[1,2,{"x":"é🎉"}]}""")]
    [InlineData("""{ "spaced" :  true ,"num": 1.50e+3 }""")]
    [InlineData("""{"lone":"\ud800","escaped":"\u00e9\uD83D\uDE00","nul":"\u0000"}""")]
    [InlineData("""{"dup":1,"dup":2}""")]
    public async Task Data_json_round_trips_byte_exact(string json)
    {
        var user = NewUser();
        var n = Make(user, 1, dataJson: json);
        await Store.InsertAsync([n], Ct);

        var found = await Store.FindAsync(user, n.Id, T0, Ct);

        Assert.Equal(json, found!.Details.DataJson, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Times_round_trip_exactly_at_millisecond_precision()
    {
        var user = NewUser();
        var created = new DateTimeOffset(2031, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
        var n = Make(user, 1, expiresAt: created.AddYears(5).AddMilliseconds(999)) with
        {
            CreatedAt = created,
            ReadAt = created.AddMilliseconds(1),
            IsRead = true,
            SeenAt = created.AddMilliseconds(2),
            ArchivedAt = created.AddMilliseconds(3),
            SnoozedUntil = created.AddDays(3).AddMilliseconds(4),
            ActedAt = created.AddMilliseconds(5),
        };
        await Store.InsertAsync([n], Ct);

        var found = await Store.FindAsync(user, n.Id, created, Ct);

        Assert.Equal(created.UtcTicks, found!.CreatedAt.UtcTicks);
        Assert.Equal(n.ReadAt!.Value.UtcTicks, found.ReadAt!.Value.UtcTicks);
        Assert.Equal(n.Details.ExpiresAt!.Value.UtcTicks, found.Details.ExpiresAt!.Value.UtcTicks);
        Assert.Equal(n.SeenAt!.Value.UtcTicks, found.SeenAt!.Value.UtcTicks);
        Assert.Equal(n.ArchivedAt!.Value.UtcTicks, found.ArchivedAt!.Value.UtcTicks);
        Assert.Equal(n.SnoozedUntil!.Value.UtcTicks, found.SnoozedUntil!.Value.UtcTicks);
        Assert.Equal(n.ActedAt!.Value.UtcTicks, found.ActedAt!.Value.UtcTicks);
        Assert.All([found.SeenAt, found.ArchivedAt, found.SnoozedUntil, found.ActedAt], t => Assert.Equal(TimeSpan.Zero, t!.Value.Offset));
    }

    [Fact]
    public async Task List_without_after_seq_is_newest_first_and_pages_below_before_seq()
    {
        var user = NewUser();
        await Store.InsertAsync([.. Enumerable.Range(1, 7).Select(i => Make(user, i))], Ct);

        var first = await Store.ListAsync(user, new NotificationQuery { Limit = 3 }, T0, Ct);
        var second = await Store.ListAsync(user, new NotificationQuery { Limit = 3, BeforeSeq = 5 }, T0, Ct);
        var last = await Store.ListAsync(user, new NotificationQuery { Limit = 3, BeforeSeq = 2 }, T0, Ct);

        Assert.Equal([7L, 6, 5], first.Items.Select(n => n.Seq));
        Assert.True(first.HasMore);
        Assert.Equal([4L, 3, 2], second.Items.Select(n => n.Seq));
        Assert.True(second.HasMore);
        Assert.Equal([1L], last.Items.Select(n => n.Seq));
        Assert.False(last.HasMore);
    }

    [Fact]
    public async Task List_with_after_seq_is_oldest_first_above_it()
    {
        var user = NewUser();
        await Store.InsertAsync([.. Enumerable.Range(1, 7).Select(i => Make(user, i))], Ct);

        var first = await Store.ListAsync(user, new NotificationQuery { Limit = 3, AfterSeq = 2 }, T0, Ct);
        var rest = await Store.ListAsync(user, new NotificationQuery { Limit = 3, AfterSeq = 5 }, T0, Ct);
        var none = await Store.ListAsync(user, new NotificationQuery { Limit = 3, AfterSeq = 7 }, T0, Ct);
        var all = await Store.ListAsync(user, new NotificationQuery { AfterSeq = 0 }, T0, Ct);

        Assert.Equal([3L, 4, 5], first.Items.Select(n => n.Seq));
        Assert.True(first.HasMore);
        Assert.Equal([6L, 7], rest.Items.Select(n => n.Seq));
        Assert.False(rest.HasMore);
        Assert.Empty(none.Items);
        Assert.False(none.HasMore);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], all.Items.Select(n => n.Seq));
    }

    [Fact]
    public async Task List_of_exactly_limit_items_has_no_more_and_never_exceeds_the_limit()
    {
        var user = NewUser();
        await Store.InsertAsync([.. Enumerable.Range(1, 3).Select(i => Make(user, i))], Ct);

        var exact = await Store.ListAsync(user, new NotificationQuery { Limit = 3 }, T0, Ct);
        var one = await Store.ListAsync(user, new NotificationQuery { Limit = 1 }, T0, Ct);
        var empty = await Store.ListAsync(NewUser(), new NotificationQuery(), T0, Ct);

        Assert.Equal(3, exact.Items.Count);
        Assert.False(exact.HasMore);
        Assert.Single(one.Items);
        Assert.True(one.HasMore);
        Assert.Empty(empty.Items);
        Assert.False(empty.HasMore);
    }

    [Fact]
    public async Task List_filters_by_type_read_state_and_conversation_in_both_directions()
    {
        var user = NewUser();
        Notification[] rows =
        [
            Make(user, 1, conversationId: "c1"),
            Read(Make(user, 2, NotificationType.UserMentioned, conversationId: "c1")),
            Make(user, 3, NotificationType.UserMentioned, conversationId: "c2"),
            Read(Make(user, 4, conversationId: "c2")),
            Make(user, 5, NotificationType.UserMentioned),
            Make(user, 6, conversationId: "c1"),
        ];
        await Store.InsertAsync(rows, Ct);

        Assert.Equal("5,3,2", await SeqsAsync(user, new NotificationQuery { Type = NotificationType.UserMentioned }));
        Assert.Equal("6,5,3,1", await SeqsAsync(user, new NotificationQuery { IsRead = false }));
        Assert.Equal("4,2", await SeqsAsync(user, new NotificationQuery { IsRead = true }));
        Assert.Equal("6,2,1", await SeqsAsync(user, new NotificationQuery { ConversationId = "c1" }));
        Assert.Equal("6,1", await SeqsAsync(user, new NotificationQuery { ConversationId = "c1", IsRead = false, Type = NotificationType.NewMessage }));
        Assert.Equal("3,5", await SeqsAsync(user, new NotificationQuery { AfterSeq = 2, Type = NotificationType.UserMentioned }));
        Assert.Equal("3", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0, ConversationId = "c2", IsRead = false }));
        Assert.Equal("3", await SeqsAsync(user, new NotificationQuery { BeforeSeq = 5, Type = NotificationType.UserMentioned, Limit = 1 }));
    }

    [Fact]
    public async Task List_shows_one_shelf_in_both_directions_with_the_other_filters()
    {
        var user = NewUser();
        Notification[] rows =
        [
            Make(user, 1),
            Archived(Make(user, 2, NotificationType.UserMentioned)),
            Snoozed(Make(user, 3)),
            Read(Make(user, 4)),
            Archived(Read(Make(user, 5))),
            Snoozed(Make(user, 6, NotificationType.UserMentioned)),
            Make(user, 7),

            // Never written by an inbox (archiving ends a snooze), but if stored it is archived, as Notification.Shelf says.
            Snoozed(Archived(Make(user, 8))),
        ];
        await Store.InsertAsync(rows, Ct);

        Assert.Equal("7,4,1", await SeqsAsync(user, new NotificationQuery()));
        Assert.Equal("8,5,2", await SeqsAsync(user, new NotificationQuery { Archived = true }));
        Assert.Equal("6,3", await SeqsAsync(user, new NotificationQuery { Snoozed = true }));
        Assert.Equal("1,4,7", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0 }));
        Assert.Equal("5,8", await SeqsAsync(user, new NotificationQuery { AfterSeq = 2, Archived = true }));
        Assert.Equal("3,6", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0, Snoozed = true }));
        Assert.Equal("5", await SeqsAsync(user, new NotificationQuery { Archived = true, IsRead = true }));
        Assert.Equal("2", await SeqsAsync(user, new NotificationQuery { Archived = true, Type = NotificationType.UserMentioned }));
        Assert.Equal("6", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0, Snoozed = true, Type = NotificationType.UserMentioned }));

        // Archived and snoozed at once is no shelf: nothing, not even row 8.
        Assert.Equal("", await SeqsAsync(user, new NotificationQuery { Archived = true, Snoozed = true }));
        Assert.Equal("", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0, Archived = true, Snoozed = true }));
        var page = await Store.ListAsync(user, new NotificationQuery { BeforeSeq = 7, Limit = 1 }, T0, Ct);
        Assert.Equal([4L], page.Items.Select(n => n.Seq));
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task Expired_notifications_are_invisible_to_every_method()
    {
        var user = NewUser();
        var now = T0.AddHours(1);
        var live = Make(user, 1, expiresAt: now.AddMilliseconds(1), collapseKey: "ck", messageId: "m");
        var expired = Make(user, 2, expiresAt: now.AddMilliseconds(-1), collapseKey: "ck", messageId: "m");
        var expiringNow = Make(user, 3, expiresAt: now, collapseKey: "ck", messageId: "m");
        var forever = Make(user, 4, NotificationType.System);
        await Store.InsertAsync([Keyed(live, "live-key"), Keyed(expired, "expired-key"), Keyed(expiringNow, "now-key"), new NewNotification(forever)], Ct);

        foreach (var (gone, key) in new[] { (expired, "expired-key"), (expiringNow, "now-key") })
        {
            Assert.Null(await Store.FindAsync(user, gone.Id, now, Ct));
            Assert.Null(await Store.FindByIdempotencyKeyAsync(user, key, now, Ct));
            Assert.False(await Store.UpdateAsync(Read(gone), null, now, Ct));
        }

        Assert.NotNull(await Store.FindAsync(user, live.Id, now, Ct));
        Assert.NotNull(await Store.FindByIdempotencyKeyAsync(user, "live-key", now, Ct));
        Assert.Equal(live.Id, (await Store.FindCollapseTargetAsync(user, "ck", now, Ct))?.Id);
        Assert.Equal([user], await Store.FindUsersByMessageAsync("m", now, Ct));
        Assert.Equal("4,1", await SeqsAsync(user, new NotificationQuery(), now));
        Assert.Equal("1,4", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0 }, now));

        var snapshot = await Store.LoadInboxAsync(user, 10, now, Ct);
        Assert.Equal([4L, 1], snapshot.Recent.Select(n => n.Seq));
        Assert.Equal([new KeyBinding("live-key", live.Id)], snapshot.RecentKeys);
        Assert.Equal(2, snapshot.Groups.Sum(g => g.Count));
        Assert.Equal([live.Id], snapshot.Expiring.Select(e => e.Id));
        Assert.Equal(4, snapshot.LastSeq);

        Assert.Equal([1L, 4], (await Store.MarkSeenAsync(user, 10, now, now, Ct)).Select(r => r.Seq));
        Assert.Equal([1L, 4], (await Store.MarkAllReadAsync(user, null, null, null, now, now, Ct)).Select(r => r.Seq));
        Assert.Equal([1L, 4], (await Store.ArchiveReadAsync(user, now, now, Ct)).Select(r => r.Seq));
        Assert.Null(await Store.DeleteAsync(user, expired.Id, now, Ct));
        Assert.Null(await Store.DeleteAsync(user, expiringNow.Id, now, Ct));
        Assert.Equal([live.Id], (await Store.DeleteByMessageAsync(user, "m", now, Ct)).Select(n => n.Id));
        Assert.Empty(await Store.FindUsersByMessageAsync("m", now, Ct));

        // Still stored, and unchanged (only hidden), until the cleanup deletes them.
        Assert.Equal(expired, await Store.FindAsync(user, expired.Id, T0, Ct));
        Assert.Equal(expiringNow, await Store.FindByIdempotencyKeyAsync(user, "now-key", T0, Ct));
    }

    [Fact]
    public async Task Idempotency_key_is_found_per_user_and_is_unique_while_live()
    {
        var alice = NewUser();
        var bob = NewUser();
        var n = Make(alice, 1);
        await Store.InsertAsync([Keyed(n, "k")], Ct);

        Assert.Equal(n, await Store.FindByIdempotencyKeyAsync(alice, "k", T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(bob, "k", T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(alice, "other", T0, Ct));

        // Another user may use the same key; the same user may not while the first is live.
        var bobs = Make(bob, 1);
        await Store.InsertAsync([Keyed(bobs, "k")], Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.InsertAsync([Keyed(Make(alice, 2), "k")], Ct));
        Assert.Equal("1", await SeqsAsync(alice, new NotificationQuery()));
        Assert.Equal(bobs, await Store.FindByIdempotencyKeyAsync(bob, "k", T0, Ct));
        Assert.Equal(n, await Store.FindByIdempotencyKeyAsync(alice, "k", T0, Ct));
    }

    [Fact]
    public async Task Idempotency_key_is_free_again_after_expiry()
    {
        var user = NewUser();
        var first = Make(user, 1, expiresAt: T0.AddSeconds(10));
        await Store.InsertAsync([Keyed(first, "k")], Ct);

        // Created after the first expired: the store deletes the expired holder of the key.
        var second = Make(user, 20);
        await Store.InsertAsync([Keyed(second, "k")], Ct);

        Assert.Equal(second, await Store.FindByIdempotencyKeyAsync(user, "k", second.CreatedAt, Ct));
        Assert.Null(await Store.FindAsync(user, first.Id, T0, Ct));
        Assert.Equal(20, (await Store.LoadInboxAsync(user, 0, second.CreatedAt, Ct)).LastSeq);
    }

    [Fact]
    public async Task Idempotency_key_is_free_again_after_delete()
    {
        var user = NewUser();
        var first = Make(user, 1);
        await Store.InsertAsync([Keyed(first, "k")], Ct);
        Assert.NotNull(await Store.DeleteAsync(user, first.Id, T0, Ct));

        var second = Make(user, 2);
        await Store.InsertAsync([Keyed(second, "k")], Ct);

        Assert.Equal(second, await Store.FindByIdempotencyKeyAsync(user, "k", T0, Ct));
    }

    /// <summary>A notification holding the keys of three creates (its own and two replacements), and the store that holds it.</summary>
    private async Task<Notification> FoldThreeKeysAsync(INotificationStore store, string user, Notification n)
    {
        await store.InsertAsync([Keyed(n, "k1")], Ct);
        var replaced = n with { Seq = n.Seq + 10, CreatedAt = n.CreatedAt.AddSeconds(10), CollapsedCount = 2 };
        Assert.True(await store.UpdateAsync(replaced, "k2", T0, Ct));
        var again = replaced with { Seq = n.Seq + 20, CreatedAt = n.CreatedAt.AddSeconds(20), CollapsedCount = 3 };
        Assert.True(await store.UpdateAsync(again, "k3", T0, Ct));
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            Assert.Equal(again, await store.FindByIdempotencyKeyAsync(user, key, T0, Ct));
        }

        Assert.Equal(3, await StoredKeysAsync(store, user));
        return again;
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("retract")]
    [InlineData("trim")]
    [InlineData("cleanup")]
    [InlineData("displaced by an insert")]
    public async Task Every_key_folded_into_a_notification_is_found_and_every_delete_frees_them_all(string path)
    {
        // The cleanup deletes expired rows of every user: it runs on a database of its own.
        var store = path == "cleanup" ? CreateStore("keys" + Guid.NewGuid().ToString("N")[..8]) : Store;
        await store.InitializeAsync(Ct);
        var user = NewUser();
        var expiresAt = T0.AddHours(1);
        var n = await FoldThreeKeysAsync(store, user, Make(user, 1, expiresAt: expiresAt, messageId: "m"));
        var other = Make(user, 100);
        await store.InsertAsync([Keyed(other, "other-key")], Ct);

        switch (path)
        {
            case "delete":
                Assert.Equal(n, await store.DeleteAsync(user, n.Id, T0, Ct));
                break;
            case "retract":
                Assert.Equal([n], await store.DeleteByMessageAsync(user, "m", T0, Ct));
                break;
            case "trim":
                Assert.Equal([n.Id], (await store.TrimOldestAsync(user, 1, T0, Ct)).Select(t => t.Id));
                break;
            case "cleanup":
                Assert.Equal(1, await store.DeleteExpiredAsync(expiresAt, 10, Ct));
                break;
            default:
                // Created once the notification expired: it takes k1 and the expired holder goes, with k2 and k3.
                var next = Make(user, 200) with { CreatedAt = expiresAt };
                await store.InsertAsync([Keyed(next, "k1")], Ct);
                Assert.Equal(next, await store.FindByIdempotencyKeyAsync(user, "k1", T0, Ct));
                break;
        }

        Assert.Null(await store.FindAsync(user, n.Id, T0, Ct));
        Assert.Null(await store.FindByIdempotencyKeyAsync(user, "k2", T0, Ct));
        Assert.Null(await store.FindByIdempotencyKeyAsync(user, "k3", T0, Ct));
        Assert.Equal(other, await store.FindByIdempotencyKeyAsync(user, "other-key", T0, Ct));
        Assert.Equal(path == "displaced by an insert" ? 2 : 1, await StoredKeysAsync(store, user));

        // Free, not only hidden: new creates may bind them.
        await store.InsertAsync([Keyed(Make(user, 300), "k2"), Keyed(Make(user, 301), "k3")], Ct);
        Assert.Equal(301, (await store.FindByIdempotencyKeyAsync(user, "k3", T0, Ct))!.Seq);
    }

    [Fact]
    public async Task Update_writes_every_field_of_the_new_version_raises_last_seq_and_binds_the_key()
    {
        var user = NewUser();
        var n = Make(user, 1, conversationId: "c1", collapseKey: "ck");
        await Store.InsertAsync([Keyed(n, "k1"), new NewNotification(Make(user, 2))], Ct);
        var changed = new Notification
        {
            Id = n.Id,
            UserId = user,
            Seq = 5,
            Details = new NotificationDetails
            {
                Type = NotificationType.System,
                Title = "Replaced",
                Content = "new content",
                Priority = NotificationPriority.High,
                SenderId = "bob",
                SenderUsername = "Bob",
                SenderAvatar = "https://example.com/b.png",
                MessagePreview = "p",
                ConversationId = "c2",
                MessageId = "m2",
                CallSessionId = "call2",
                DataJson = """{"v":2}""",
                ExpiresAt = T0.AddDays(3),
                CollapseKey = "ck",
                Actions = new NotificationActions([new NotificationAction("go", "Go", "https://example.com/go")]),
            },
            IsRead = true,
            ReadAt = T0.AddSeconds(30),
            CreatedAt = T0.AddSeconds(50),
            Silent = true,
            SeenAt = T0.AddSeconds(20),
            ArchivedAt = T0.AddSeconds(40),
            SnoozedUntil = null,
            CollapsedCount = 2,
            ActedAction = "go",
            ActedAt = T0.AddSeconds(30),
        };

        Assert.True(await Store.UpdateAsync(changed, "k2", T0, Ct));

        Assert.Equal(changed, await Store.FindAsync(user, n.Id, T0, Ct));
        Assert.Equal(changed, await Store.FindByIdempotencyKeyAsync(user, "k1", T0, Ct));
        Assert.Equal(changed, await Store.FindByIdempotencyKeyAsync(user, "k2", T0, Ct));
        Assert.Equal(5, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
        Assert.Equal("2", await SeqsAsync(user, new NotificationQuery { AfterSeq = 0 }));
        Assert.Equal("5", await SeqsAsync(user, new NotificationQuery { AfterSeq = 1, Archived = true }));

        // Without a key, and back to fewer fields: nulls are written too; the last seq is never lowered.
        var plain = Make(user, 4) with { Id = n.Id };
        Assert.True(await Store.UpdateAsync(plain, null, T0, Ct));
        Assert.Equal(plain, await Store.FindAsync(user, n.Id, T0, Ct));
        Assert.Equal(5, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
        Assert.Equal(2, await StoredKeysAsync(Store, user));

        // The same key again is already bound here: nothing changes.
        Assert.True(await Store.UpdateAsync(plain, "k1", T0, Ct));
        Assert.Equal(2, await StoredKeysAsync(Store, user));
    }

    [Fact]
    public async Task Update_of_a_gone_notification_writes_nothing()
    {
        var user = NewUser();
        var now = T0.AddHours(1);
        var expired = Make(user, 1, expiresAt: now);
        var deleted = Make(user, 2);
        var others = Make(NewUser(), 1);
        await Store.InsertAsync([expired, deleted, others], Ct);
        await Store.DeleteAsync(user, deleted.Id, now, Ct);

        Assert.False(await Store.UpdateAsync(Read(expired) with { Seq = 10 }, "k", now, Ct));
        Assert.False(await Store.UpdateAsync(Read(deleted) with { Seq = 11 }, "k", now, Ct));
        Assert.False(await Store.UpdateAsync(Read(others) with { UserId = user, Seq = 12 }, "k", now, Ct));
        Assert.False(await Store.UpdateAsync(Read(Make(user, 13)), "k", now, Ct));

        Assert.Equal(expired, await Store.FindAsync(user, expired.Id, T0, Ct));
        Assert.Equal(others, await Store.FindAsync(others.UserId, others.Id, T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(user, "k", T0, Ct));
        Assert.Equal(0, await StoredKeysAsync(Store, user));
        Assert.Equal(2, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
    }

    [Fact]
    public async Task Update_moves_a_key_bound_to_an_expired_notification_and_refuses_one_bound_to_a_live_one()
    {
        var user = NewUser();
        var now = T0.AddHours(1);
        var expired = Make(user, 1, expiresAt: now);
        var holder = Make(user, 2);
        var n = Make(user, 3);
        await Store.InsertAsync([Keyed(expired, "old"), Keyed(holder, "taken"), new NewNotification(n)], Ct);

        var replaced = n with { Seq = 4, CreatedAt = now, CollapsedCount = 2 };
        Assert.True(await Store.UpdateAsync(replaced, "old", now, Ct));
        Assert.Equal(replaced, await Store.FindByIdempotencyKeyAsync(user, "old", T0, Ct));

        // The inbox never does this (that create is a duplicate); the store fails the whole change.
        var stolen = replaced with { Seq = 5, Details = replaced.Details with { Title = "must not be written" } };
        await Assert.ThrowsAnyAsync<Exception>(() => Store.UpdateAsync(stolen, "taken", now, Ct));
        Assert.Equal(replaced, await Store.FindAsync(user, n.Id, now, Ct));
        Assert.Equal(holder, await Store.FindByIdempotencyKeyAsync(user, "taken", now, Ct));
        Assert.Equal(4, (await Store.LoadInboxAsync(user, 10, now, Ct)).LastSeq);
    }

    [Fact]
    public async Task Update_to_a_seq_the_user_already_has_fails_and_changes_nothing()
    {
        var user = NewUser();
        var n = Make(user, 1);
        var newer = Make(user, 2);
        await Store.InsertAsync([n, newer], Ct);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.UpdateAsync(n with { Seq = 2, Details = n.Details with { Title = "stale" } }, "k", T0, Ct));

        Assert.Equal(n, await Store.FindAsync(user, n.Id, T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(user, "k", T0, Ct));
    }

    [Fact]
    public async Task Collapse_target_is_the_newest_live_unread_one_in_the_inbox_with_the_key()
    {
        var user = NewUser();
        var other = NewUser();
        var now = T0.AddHours(1);
        Notification[] rows =
        [
            Make(user, 1, collapseKey: "ck"),
            Make(user, 2, collapseKey: "ck"),
            Read(Make(user, 3, collapseKey: "ck")),
            Archived(Make(user, 4, collapseKey: "ck")),
            Snoozed(Make(user, 5, collapseKey: "ck")),
            Make(user, 6, collapseKey: "ck", expiresAt: now),
            Make(user, 7, collapseKey: "ck2"),
            Make(user, 8),
            Make(other, 9, collapseKey: "ck"),
        ];
        await Store.InsertAsync(rows, Ct);

        Assert.Equal(rows[1], await Store.FindCollapseTargetAsync(user, "ck", now, Ct));
        Assert.Equal(rows[5], await Store.FindCollapseTargetAsync(user, "ck", T0, Ct));
        Assert.Equal(rows[6], await Store.FindCollapseTargetAsync(user, "ck2", now, Ct));
        Assert.Equal(rows[8], await Store.FindCollapseTargetAsync(other, "ck", now, Ct));
        Assert.Null(await Store.FindCollapseTargetAsync(user, "c", now, Ct));
        Assert.Null(await Store.FindCollapseTargetAsync(NewUser(), "ck", now, Ct));

        await Store.DeleteAsync(user, rows[1].Id, now, Ct);
        Assert.Equal(rows[0], await Store.FindCollapseTargetAsync(user, "ck", now, Ct));
    }

    [Fact]
    public async Task Mark_all_read_honours_filters_and_returns_exactly_the_changed_rows_with_their_state_before()
    {
        var user = NewUser();
        var other = NewUser();
        Notification[] rows =
        [
            Make(user, 1, conversationId: "c1"),
            Make(user, 2, NotificationType.UserMentioned, NotificationPriority.High, conversationId: "c1") with { SeenAt = T0 },
            Read(Make(user, 3, NotificationType.UserMentioned, conversationId: "c2")),
            Make(user, 4, NotificationType.MessageReaction, NotificationPriority.Low, conversationId: "c2"),
            Make(user, 5, NotificationType.System),
            Archived(Make(user, 6)),
            Snoozed(Make(user, 7)),
            Make(user, 8),
            Make(other, 1, conversationId: "c1"),
        ];
        await Store.InsertAsync(rows, Ct);
        var readAt = T0.AddMinutes(1);

        var byType = await Store.MarkAllReadAsync(user, NotificationType.UserMentioned, null, null, readAt, readAt, Ct);
        var byConversation = await Store.MarkAllReadAsync(user, null, "c2", null, readAt.AddMinutes(1), readAt, Ct);
        var both = await Store.MarkAllReadAsync(user, NotificationType.NewMessage, "c2", null, readAt, readAt, Ct);
        var upTo = await Store.MarkAllReadAsync(user, null, null, 5, readAt.AddMinutes(2), readAt, Ct);
        var rest = await Store.MarkAllReadAsync(user, null, null, null, readAt.AddMinutes(3), readAt, Ct);
        var again = await Store.MarkAllReadAsync(user, null, null, null, readAt, readAt, Ct);

        Assert.Equal([new ChangedNotification(rows[1].Id, 2, State(NotificationType.UserMentioned, NotificationPriority.High, isSeen: true))], byType);
        Assert.Equal([new ChangedNotification(rows[3].Id, 4, State(NotificationType.MessageReaction, NotificationPriority.Low))], byConversation);
        Assert.Empty(both);
        Assert.Equal(
            [new ChangedNotification(rows[0].Id, 1, State()), new ChangedNotification(rows[4].Id, 5, State(NotificationType.System))],
            upTo);
        Assert.Equal([new ChangedNotification(rows[7].Id, 8, State())], rest);
        Assert.Empty(again);

        var page = await Store.ListAsync(user, new NotificationQuery { AfterSeq = 0 }, readAt, Ct);
        Assert.All(page.Items, n => Assert.True(n.IsRead));
        Assert.Equal([readAt.AddMinutes(2), readAt, T0, readAt.AddMinutes(1), readAt.AddMinutes(2), readAt.AddMinutes(3)], page.Items.Select(n => n.ReadAt!.Value));

        // Seen where it was not, at the read time; an earlier seen time is kept.
        Assert.Equal([readAt.AddMinutes(2), T0, T0, readAt.AddMinutes(1), readAt.AddMinutes(2), readAt.AddMinutes(3)], page.Items.Select(n => n.SeenAt!.Value));
        Assert.Equal(rows[5], await Store.FindAsync(user, rows[5].Id, readAt, Ct));
        Assert.Equal(rows[6], await Store.FindAsync(user, rows[6].Id, readAt, Ct));
        Assert.Equal(rows[8], await Store.FindAsync(other, rows[8].Id, readAt, Ct));
    }

    [Fact]
    public async Task Mark_seen_changes_the_unseen_ones_in_the_inbox_up_to_the_seq()
    {
        var user = NewUser();
        var now = T0.AddHours(1);
        Notification[] rows =
        [
            Make(user, 1, NotificationType.MissedCall, NotificationPriority.High),
            Make(user, 2) with { SeenAt = T0 },
            Make(user, 3),
            Archived(Make(user, 4)),
            Snoozed(Make(user, 5)),
            Make(user, 6, expiresAt: now),
            Make(user, 7),
        ];
        await Store.InsertAsync(rows, Ct);
        var first = now.AddMilliseconds(1);
        var second = now.AddMilliseconds(2);

        Assert.Empty(await Store.MarkSeenAsync(user, 0, first, now, Ct));
        var upTo3 = await Store.MarkSeenAsync(user, 3, first, now, Ct);
        var all = await Store.MarkSeenAsync(user, long.MaxValue, second, now, Ct);
        var again = await Store.MarkSeenAsync(user, long.MaxValue, second, now, Ct);

        Assert.Equal(
            [new ChangedNotification(rows[0].Id, 1, State(NotificationType.MissedCall, NotificationPriority.High)), new ChangedNotification(rows[2].Id, 3, State())],
            upTo3);
        Assert.Equal([new ChangedNotification(rows[6].Id, 7, State())], all);
        Assert.Empty(again);
        Assert.Equal(rows[0] with { SeenAt = first }, await Store.FindAsync(user, rows[0].Id, now, Ct));
        Assert.Equal(rows[1], await Store.FindAsync(user, rows[1].Id, now, Ct));
        Assert.Equal(rows[6] with { SeenAt = second }, await Store.FindAsync(user, rows[6].Id, now, Ct));
        foreach (var untouched in new[] { rows[3], rows[4], rows[5] })
        {
            Assert.Equal(untouched, await Store.FindAsync(user, untouched.Id, T0, Ct));
        }
    }

    [Fact]
    public async Task Archive_read_archives_the_read_ones_in_the_inbox()
    {
        var user = NewUser();
        var now = T0.AddHours(1);
        Notification[] rows =
        [
            Read(Make(user, 1, NotificationType.System, NotificationPriority.Urgent)),
            Make(user, 2),
            Snoozed(Read(Make(user, 3))),
            Archived(Read(Make(user, 4))),
            Read(Make(user, 5, expiresAt: now)),
            Make(user, 6) with { IsRead = true, ReadAt = T0 },
        ];
        await Store.InsertAsync(rows, Ct);

        var archived = await Store.ArchiveReadAsync(user, now, now, Ct);
        var again = await Store.ArchiveReadAsync(user, now.AddMinutes(1), now, Ct);

        Assert.Equal(
            [
                new ChangedNotification(rows[0].Id, 1, State(NotificationType.System, NotificationPriority.Urgent, isRead: true, isSeen: true)),
                new ChangedNotification(rows[5].Id, 6, State(isRead: true)),
            ],
            archived);
        Assert.Empty(again);
        Assert.Equal(rows[0] with { ArchivedAt = now }, await Store.FindAsync(user, rows[0].Id, now, Ct));
        Assert.Equal(rows[5] with { ArchivedAt = now }, await Store.FindAsync(user, rows[5].Id, now, Ct));
        foreach (var untouched in new[] { rows[1], rows[2], rows[3], rows[4] })
        {
            Assert.Equal(untouched, await Store.FindAsync(user, untouched.Id, T0, Ct));
        }
    }

    [Fact]
    public async Task Delete_returns_the_row_once_and_only_for_its_owner()
    {
        var user = NewUser();
        var n = Make(user, 1, dataJson: "{}");
        await Store.InsertAsync([n], Ct);

        Assert.Null(await Store.DeleteAsync(NewUser(), n.Id, T0, Ct));
        Assert.Equal(n, await Store.DeleteAsync(user, n.Id, T0, Ct));
        Assert.Null(await Store.DeleteAsync(user, n.Id, T0, Ct));
        Assert.Null(await Store.FindAsync(user, n.Id, T0, Ct));
    }

    [Fact]
    public async Task Retract_finds_the_users_of_a_message_and_deletes_each_ones_live_rows_of_it()
    {
        var alice = NewUser();
        var bob = NewUser();
        var carol = NewUser();
        var dave = NewUser();
        var now = T0.AddHours(1);
        var message = "m-" + Guid.NewGuid().ToString("N");
        Notification[] rows =
        [
            Make(alice, 1, messageId: message),
            Archived(Read(Make(alice, 2, messageId: message))),
            Make(alice, 3, messageId: message + "x"),
            Make(alice, 4, messageId: message, expiresAt: now),
            Snoozed(Make(bob, 1, messageId: message)),
            Make(carol, 1, messageId: message, expiresAt: now),
            Make(dave, 1, messageId: message + "x"),
        ];
        await Store.InsertAsync(rows, Ct);

        Assert.Equal(new[] { alice, bob }.Order(StringComparer.Ordinal), await Store.FindUsersByMessageAsync(message, now, Ct));
        Assert.Empty(await Store.FindUsersByMessageAsync("m-unknown", now, Ct));

        Assert.Equal([rows[0], rows[1]], await Store.DeleteByMessageAsync(alice, message, now, Ct));
        Assert.Empty(await Store.DeleteByMessageAsync(alice, message, now, Ct));
        Assert.Empty(await Store.DeleteByMessageAsync(dave, message, now, Ct));

        Assert.Equal([bob], await Store.FindUsersByMessageAsync(message, now, Ct));
        Assert.Equal(rows[2], await Store.FindAsync(alice, rows[2].Id, now, Ct));
        Assert.Equal(rows[3], await Store.FindAsync(alice, rows[3].Id, T0, Ct));
        Assert.Equal(rows[4], await Store.FindAsync(bob, rows[4].Id, now, Ct));
        Assert.Equal(4, (await Store.LoadInboxAsync(alice, 10, now, Ct)).LastSeq);
    }

    [Fact]
    public async Task Trim_deletes_the_oldest_live_rows_of_the_user_only_on_every_shelf()
    {
        var user = NewUser();
        var other = NewUser();
        Notification[] rows =
        [
            Make(user, 1, expiresAt: T0.AddSeconds(30)),
            Archived(Make(user, 2, NotificationType.UserMentioned, NotificationPriority.High)),
            Read(Make(user, 3)),
            Snoozed(Make(user, 4, NotificationType.System)),
            Make(user, 5) with { SeenAt = T0 },
            Make(other, 1),
        ];
        await Store.InsertAsync(rows, Ct);
        var now = T0.AddMinutes(1); // row 1 has expired: not live, so not the oldest to trim

        var first = await Store.TrimOldestAsync(user, 2, now, Ct);
        var rest = await Store.TrimOldestAsync(user, 10, now, Ct);

        Assert.Equal(
            [
                new ChangedNotification(rows[1].Id, 2, State(NotificationType.UserMentioned, NotificationPriority.High, shelf: InboxShelf.Archived)),
                new ChangedNotification(rows[2].Id, 3, State(isRead: true, isSeen: true)),
            ],
            first);
        Assert.Equal(
            [
                new ChangedNotification(rows[3].Id, 4, State(NotificationType.System, shelf: InboxShelf.Snoozed)),
                new ChangedNotification(rows[4].Id, 5, State(isSeen: true)),
            ],
            rest);
        Assert.Empty(await Store.TrimOldestAsync(user, 1, now, Ct));
        Assert.Empty((await Store.ListAsync(user, new NotificationQuery { AfterSeq = 0 }, now, Ct)).Items);
        Assert.NotNull(await Store.FindAsync(other, rows[5].Id, now, Ct));
        Assert.Equal(5, (await Store.LoadInboxAsync(user, 10, now, Ct)).LastSeq);
    }

    [Fact]
    public async Task Last_seq_is_raised_by_inserts_and_never_lowered()
    {
        var user = NewUser();
        Assert.Equal(0, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);

        var rows = Enumerable.Range(1, 3).Select(i => Make(user, i)).ToArray();
        await Store.InsertAsync(rows, Ct);
        Assert.Equal(3, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);

        await Store.DeleteAsync(user, rows[2].Id, T0, Ct);
        Assert.Equal(3, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);

        await Store.InsertAsync([Make(user, 4, expiresAt: T0.AddSeconds(5))], Ct);
        Assert.Equal(4, (await Store.LoadInboxAsync(user, 10, T0.AddHours(1), Ct)).LastSeq);

        // A lower seq inserted later (never done by an inbox) still leaves the highest one.
        await Store.InsertAsync([Make(user, 10)], Ct);
        await Store.InsertAsync([Make(user, 7)], Ct);
        Assert.Equal(10, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);

        await Store.SavePreferencesAsync(user, NotificationPreferences.Default, PreferencesAudit(user), Ct);
        Assert.Equal(10, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
    }

    [Fact]
    public async Task A_failing_insert_writes_none_of_its_rows()
    {
        var user = NewUser();
        var other = NewUser();
        await Store.InsertAsync([Make(user, 1)], Ct);
        var fresh = Make(other, 1);

        // The second row repeats (user, seq 1): the whole call fails, the first row and its key included.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.InsertAsync([Keyed(fresh, "k"), new NewNotification(Make(user, 1)), new NewNotification(Make(user, 2))], Ct));

        Assert.Null(await Store.FindAsync(other, fresh.Id, T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(other, "k", T0, Ct));
        Assert.Equal(0, await StoredKeysAsync(Store, other));
        Assert.Equal(0, (await Store.LoadInboxAsync(other, 10, T0, Ct)).LastSeq);
        Assert.Equal(1, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
    }

    [Fact]
    public async Task One_insert_may_carry_several_users_rows_and_keys()
    {
        var alice = NewUser();
        var bob = NewUser();
        var keyed = Make(bob, 2);
        await Store.InsertAsync(
            [new NewNotification(Make(alice, 1)), new NewNotification(Make(bob, 1)), Keyed(Make(alice, 2), "k"), Keyed(keyed, "k"), new NewNotification(Make(bob, 3))],
            Ct);

        Assert.Equal(2, (await Store.LoadInboxAsync(alice, 10, T0, Ct)).LastSeq);
        Assert.Equal(3, (await Store.LoadInboxAsync(bob, 10, T0, Ct)).LastSeq);
        Assert.Equal(keyed, await Store.FindByIdempotencyKeyAsync(bob, "k", T0, Ct));
        Assert.Equal(2, (await Store.FindByIdempotencyKeyAsync(alice, "k", T0, Ct))!.Seq);
    }

    [Fact]
    public async Task Load_inbox_returns_recent_with_their_keys_counts_by_state_expiring_and_snoozed()
    {
        var user = NewUser();
        var now = T0.AddMinutes(30);
        Notification[] rows =
        [
            Make(user, 1),
            Make(user, 2) with { SeenAt = T0 },
            Read(Make(user, 3)),
            Archived(Make(user, 4, NotificationType.MissedCall, NotificationPriority.High, expiresAt: now.AddHours(1))),
            Make(user, 5, NotificationType.MissedCall, NotificationPriority.High, expiresAt: now.AddMinutes(-1)),
            Read(Make(user, 6, NotificationType.System, NotificationPriority.Urgent, expiresAt: now.AddDays(1))) with { SnoozedUntil = now.AddHours(2) },
            Make(user, 7) with { SnoozedUntil = now.AddHours(1).AddMilliseconds(5) },
            Make(user, 8),
        ];
        await Store.InsertAsync([Keyed(rows[0], "k1"), new(rows[1]), Keyed(rows[2], "k3"), new(rows[3]), Keyed(rows[4], "k5"), Keyed(rows[5], "k6"), new(rows[6]), new(rows[7])], Ct);
        // Row 8 replaced by a collapse key (its create's key folded in), then a newer create.
        var folded = rows[7] with { Seq = 9, CreatedAt = T0.AddSeconds(9), CollapsedCount = 2 };
        Assert.True(await Store.UpdateAsync(folded, "k9", now, Ct));
        await Store.InsertAsync([Keyed(Make(user, 10), "k10")], Ct);
        var snapshot = await Store.LoadInboxAsync(user, 4, now, Ct);

        Assert.Equal(10, snapshot.LastSeq);
        Assert.Equal(["10", "9", "7", "6"], snapshot.Recent.Select(n => n.Seq.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(folded, snapshot.Recent[1]);
        Assert.Equal(
            [new KeyBinding("k10", snapshot.Recent[0].Id), new KeyBinding("k6", rows[5].Id), new KeyBinding("k9", folded.Id)],
            snapshot.RecentKeys.OrderBy(k => k.IdempotencyKey, StringComparer.Ordinal));
        Assert.Equal(
            SortedGroups(
            [
                new CountGroup(State(), 3),
                new CountGroup(State(isSeen: true), 1),
                new CountGroup(State(isRead: true, isSeen: true), 1),
                new CountGroup(State(NotificationType.MissedCall, NotificationPriority.High, shelf: InboxShelf.Archived), 1),
                new CountGroup(State(NotificationType.System, NotificationPriority.Urgent, isRead: true, isSeen: true, shelf: InboxShelf.Snoozed), 1),
                new CountGroup(State(shelf: InboxShelf.Snoozed), 1),
            ]),
            SortedGroups(snapshot.Groups));
        Assert.Equal(
            [
                new ExpiringNotification(rows[3].Id, rows[3].Details.ExpiresAt!.Value, State(NotificationType.MissedCall, NotificationPriority.High, shelf: InboxShelf.Archived)),
                new ExpiringNotification(rows[5].Id, rows[5].Details.ExpiresAt!.Value, State(NotificationType.System, NotificationPriority.Urgent, isRead: true, isSeen: true, shelf: InboxShelf.Snoozed)),
            ],
            snapshot.Expiring.OrderBy(e => e.Id == rows[5].Id));
        Assert.Equal(
            [new SnoozedNotification(rows[5].Id, 6, now.AddHours(2)), new SnoozedNotification(rows[6].Id, 7, now.AddHours(1).AddMilliseconds(5))],
            snapshot.Snoozed.OrderBy(s => s.Seq));

        var everything = await Store.LoadInboxAsync(user, 100, now, Ct);
        Assert.Equal(["k1", "k10", "k3", "k6", "k9"], everything.RecentKeys.Select(k => k.IdempotencyKey).Order(StringComparer.Ordinal));
        var none = await Store.LoadInboxAsync(user, 0, now, Ct);
        Assert.Empty(none.Recent);
        Assert.Empty(none.RecentKeys);
        Assert.Equal(snapshot.Groups.Sum(g => g.Count), none.Groups.Sum(g => g.Count));
    }

    [Fact]
    public async Task Load_inbox_of_an_unknown_user_is_empty_with_default_preferences()
    {
        var snapshot = await Store.LoadInboxAsync(NewUser(), 50, T0, Ct);

        Assert.Equal(0, snapshot.LastSeq);
        AssertPreferencesEqual(NotificationPreferences.Default, snapshot.Preferences);
        Assert.Empty(snapshot.Recent);
        Assert.Empty(snapshot.RecentKeys);
        Assert.Empty(snapshot.Groups);
        Assert.Empty(snapshot.Expiring);
        Assert.Empty(snapshot.Snoozed);
    }

    [Fact]
    public async Task Preferences_round_trip_and_are_replaced_whole()
    {
        var user = NewUser();
        var preferences = new NotificationPreferences(
            [NotificationType.MessageReaction, NotificationType.NewConversationGroup],
            ["c1", "c 2 ✓"],
            new DoNotDisturb(true, new TimeOnly(23, 30), new TimeOnly(6, 15), "Europe/Paris"),
            T0.AddDays(2).AddMilliseconds(123));

        await Store.SavePreferencesAsync(user, preferences, PreferencesAudit(user), Ct);
        AssertPreferencesEqual(preferences, (await Store.LoadInboxAsync(user, 10, T0, Ct)).Preferences);

        await Store.InsertAsync([Make(user, 1)], Ct);
        AssertPreferencesEqual(preferences, (await Store.LoadInboxAsync(user, 10, T0, Ct)).Preferences);

        await Store.SavePreferencesAsync(user, NotificationPreferences.Default, PreferencesAudit(user), Ct);
        var reloaded = await Store.LoadInboxAsync(user, 10, T0, Ct);
        AssertPreferencesEqual(NotificationPreferences.Default, reloaded.Preferences);
        Assert.Null(reloaded.Preferences.PausedUntil);
        Assert.Equal(1, reloaded.LastSeq);
    }

    [Fact]
    public async Task Delete_expired_deletes_at_most_a_batch_of_expired_rows()
    {
        // Year 2001: no other test has rows expiring this early, so the counts below are exact.
        var start = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var alice = NewUser();
        var bob = NewUser();
        Notification[] rows =
        [
            .. Enumerable.Range(1, 3).Select(i => Make(alice, i, expiresAt: start.AddSeconds(i)) with { CreatedAt = start }),
            .. Enumerable.Range(1, 2).Select(i => Make(bob, i, expiresAt: start.AddSeconds(i)) with { CreatedAt = start }),
            Make(bob, 3, expiresAt: start.AddMinutes(10)) with { CreatedAt = start },
            Make(bob, 4) with { CreatedAt = start },
        ];
        await Store.InsertAsync(rows, Ct);
        var now = start.AddSeconds(3);

        Assert.Equal(2, await Store.DeleteExpiredAsync(now, 2, Ct));
        Assert.Equal(2, await Store.DeleteExpiredAsync(now, 2, Ct));
        Assert.Equal(1, await Store.DeleteExpiredAsync(now, 2, Ct));
        Assert.Equal(0, await Store.DeleteExpiredAsync(now, 2, Ct));

        Assert.Empty((await Store.ListAsync(alice, new NotificationQuery(), start, Ct)).Items);
        Assert.Equal([4L, 3], (await Store.ListAsync(bob, new NotificationQuery(), start, Ct)).Items.Select(n => n.Seq));
        Assert.Equal(3, (await Store.LoadInboxAsync(alice, 10, now, Ct)).LastSeq);
        Assert.Equal(4, (await Store.LoadInboxAsync(bob, 10, now, Ct)).LastSeq);
    }

    [Fact]
    public async Task Initialize_again_is_harmless_and_keeps_data()
    {
        var user = NewUser();
        var n = Make(user, 1);
        await Store.InsertAsync([n], Ct);

        await Store.InitializeAsync(Ct);
        await Store.InitializeAsync(Ct);

        Assert.Equal(n, await Store.FindAsync(user, n.Id, T0, Ct));
        await Store.PingAsync(Ct);
    }

    [Fact]
    public async Task Several_instances_may_initialize_one_new_database_at_once()
    {
        var name = "init" + Guid.NewGuid().ToString("N")[..8];
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore(name)).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(Ct), Ct)));
        await Task.WhenAll(stores.Select(s => s.InitializeAsync(Ct)));

        var user = NewUser();
        var n = Make(user, 1);
        await stores[0].InsertAsync([n], Ct);
        Assert.Equal(n, await stores[3].FindAsync(user, n.Id, T0, Ct));
    }

    [Fact]
    public async Task Users_are_isolated_from_each_other()
    {
        var alice = NewUser();
        var bob = NewUser();
        await Store.InsertAsync([Make(alice, 1), Make(alice, 2), Make(bob, 1)], Ct);
        await Store.SavePreferencesAsync(alice, NotificationPreferences.Default with { MutedConversations = ["c9"] }, PreferencesAudit(alice), Ct);

        await Store.MarkAllReadAsync(alice, null, null, null, T0, T0, Ct);
        await Store.ArchiveReadAsync(alice, T0, T0, Ct);

        var bobs = await Store.LoadInboxAsync(bob, 10, T0, Ct);
        Assert.Equal(1, bobs.LastSeq);
        Assert.Equal([new CountGroup(State(), 1)], bobs.Groups);
        AssertPreferencesEqual(NotificationPreferences.Default, bobs.Preferences);
        Assert.Equal("1", await SeqsAsync(bob, new NotificationQuery()));
        Assert.Equal([new CountGroup(State(isRead: true, isSeen: true, shelf: InboxShelf.Archived), 2)], (await Store.LoadInboxAsync(alice, 10, T0, Ct)).Groups);
    }

    [Fact]
    public async Task Audit_entries_round_trip_and_are_listed_newest_first_in_pages()
    {
        var store = CreateStore("audit" + Guid.NewGuid().ToString("N")[..8]);
        await store.InitializeAsync(Ct);
        var requested = new AuditRecord(T0.AddMilliseconds(123), "admin-hash", AuditActions.BroadcastRequested, 3, null, new AuditOrigin("0HN:00000001", "4bf92f3577b34da6a3ce929d0e0e4736"));
        var completed = requested with { At = T0.AddSeconds(1), Action = AuditActions.BroadcastCompleted, Outcome = new AuditOutcome(1, 0, 1, 1) };
        var preferences = PreferencesAudit("someone") with { Origin = new AuditOrigin("0HN:00000002", null) };

        var ids = new List<long>();
        foreach (var record in new[] { requested, completed, preferences })
        {
            ids.Add(await store.AppendAuditAsync(record, Ct));
        }

        Assert.Equal(ids.Order(), ids);
        var first = await store.ListAuditAsync(null, 2, Ct);
        Assert.True(first.HasMore);
        Assert.Equal([new AuditEntry(ids[2], preferences), new AuditEntry(ids[1], completed)], first.Items);
        var second = await store.ListAuditAsync(first.Items[^1].Id, 2, Ct);
        Assert.False(second.HasMore);
        Assert.Equal([new AuditEntry(ids[0], requested)], second.Items);
        Assert.Empty((await store.ListAuditAsync(ids[0], 2, Ct)).Items);
    }

    [Fact]
    public async Task Saving_preferences_writes_their_audit_entry_with_them()
    {
        var store = CreateStore("auditprefs" + Guid.NewGuid().ToString("N")[..8]);
        await store.InitializeAsync(Ct);
        var user = NewUser();

        await store.SavePreferencesAsync(user, NotificationPreferences.Default with { MutedConversations = ["c1"] }, PreferencesAudit(user), Ct);

        var entry = Assert.Single((await store.ListAuditAsync(null, 10, Ct)).Items);
        Assert.Equal(PreferencesAudit(user), entry.Record);
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        var store = CreateStore("auditguard" + Guid.NewGuid().ToString("N")[..8]);
        await store.InitializeAsync(Ct);
        await store.AppendAuditAsync(PreferencesAudit("x"), Ct);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteSqlAsync(store, "UPDATE audit_log SET action = 'edited'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteSqlAsync(store, "DELETE FROM audit_log"));
        Assert.Equal(PreferencesAudit("x"), Assert.Single((await store.ListAuditAsync(null, 10, Ct)).Items).Record);
    }

    [Fact]
    public async Task A_database_of_schema_version_1_is_migrated_and_keeps_its_rows()
    {
        var name = "v1" + Guid.NewGuid().ToString("N")[..8];
        var old = CreateStore(name);
        await MigrateToAsync(old, 1);
        var user = NewUser();
        var n = Make(user, 1);
        await ExecuteSqlAsync(old, InsertBeforeVersion3Sql(n, "k"));
        await ExecuteSqlAsync(old, $"INSERT INTO inboxes (user_id, last_seq, preferences) VALUES ('{user}', 7, NULL)");

        var upgraded = CreateStore(name);
        await upgraded.InitializeAsync(Ct);

        Assert.Equal(n, await upgraded.FindAsync(user, n.Id, T0, Ct));
        Assert.Equal(n, await upgraded.FindByIdempotencyKeyAsync(user, "k", T0, Ct));
        Assert.Equal(7, (await upgraded.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
        await upgraded.SavePreferencesAsync(user, NotificationPreferences.Default, PreferencesAudit(user), Ct);
        Assert.Single((await upgraded.ListAuditAsync(null, 10, Ct)).Items);
    }

    [Fact]
    public async Task A_database_of_schema_version_2_is_migrated_keeping_its_rows_seeing_the_read_ones_and_binding_their_keys()
    {
        var name = "v2" + Guid.NewGuid().ToString("N")[..8];
        var old = CreateStore(name);
        await MigrateToAsync(old, 2);
        var user = NewUser();
        var other = NewUser();
        var unread = Make(user, 1, conversationId: "c1", messageId: "m1", dataJson: """{"a":1}""");
        var read = Make(user, 2) with { IsRead = true, ReadAt = T0.AddSeconds(30) };
        var readWithoutTime = Make(user, 3, NotificationType.System, NotificationPriority.Urgent, expiresAt: T0.AddDays(1)) with { IsRead = true, Silent = true };
        var othersWithTheSameKey = Make(other, 1);
        await ExecuteSqlAsync(
            old,
            string.Join(
                "; ",
                InsertBeforeVersion3Sql(unread, "k-unread"),
                InsertBeforeVersion3Sql(read, null),
                InsertBeforeVersion3Sql(readWithoutTime, "k-read"),
                InsertBeforeVersion3Sql(othersWithTheSameKey, "k-unread"),
                $"INSERT INTO inboxes (user_id, last_seq, preferences) VALUES ('{user}', 7, NULL), ('{other}', 1, NULL)"));

        var upgraded = CreateStore(name);
        await upgraded.InitializeAsync(Ct);

        Assert.Equal(unread, await upgraded.FindAsync(user, unread.Id, T0, Ct));
        Assert.Equal(read with { SeenAt = read.ReadAt }, await upgraded.FindAsync(user, read.Id, T0, Ct));
        Assert.Equal(readWithoutTime with { SeenAt = readWithoutTime.CreatedAt }, await upgraded.FindAsync(user, readWithoutTime.Id, T0, Ct));
        Assert.Equal(unread, await upgraded.FindByIdempotencyKeyAsync(user, "k-unread", T0, Ct));
        Assert.Equal(readWithoutTime.Id, (await upgraded.FindByIdempotencyKeyAsync(user, "k-read", T0, Ct))?.Id);
        Assert.Equal(othersWithTheSameKey, await upgraded.FindByIdempotencyKeyAsync(other, "k-unread", T0, Ct));
        var snapshot = await upgraded.LoadInboxAsync(user, 10, T0, Ct);
        Assert.Equal(7, snapshot.LastSeq);
        Assert.Equal(["k-read", "k-unread"], snapshot.RecentKeys.Select(k => k.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.Equal(
            SortedGroups([new CountGroup(State(), 1), new CountGroup(State(isRead: true, isSeen: true), 1), new CountGroup(State(NotificationType.System, NotificationPriority.Urgent, isRead: true, isSeen: true), 1)]),
            SortedGroups(snapshot.Groups));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => QueryScalarAsync(upgraded, "SELECT idempotency_key FROM notifications"));

        // A migrated key is bound as a new one is: it refuses a second create and is freed by a delete.
        await Assert.ThrowsAnyAsync<Exception>(() => upgraded.InsertAsync([Keyed(Make(user, 8), "k-unread")], Ct));
        Assert.Equal(unread, await upgraded.DeleteAsync(user, unread.Id, T0, Ct));
        var again = Make(user, 8);
        await upgraded.InsertAsync([Keyed(again, "k-unread")], Ct);
        Assert.Equal(again, await upgraded.FindByIdempotencyKeyAsync(user, "k-unread", T0, Ct));

        // Migrating again is a no-op.
        var twice = CreateStore(name);
        await twice.InitializeAsync(Ct);
        Assert.Equal(3L, Convert.ToInt64(await QueryScalarAsync(twice, "SELECT COUNT(*) FROM schema_migrations"), CultureInfo.InvariantCulture));
        Assert.Equal(3L, Convert.ToInt64(await QueryScalarAsync(twice, "SELECT MAX(version) FROM schema_migrations"), CultureInfo.InvariantCulture));
        Assert.Equal(read with { SeenAt = read.ReadAt }, await twice.FindAsync(user, read.Id, T0, Ct));
        Assert.Equal(again, await twice.FindByIdempotencyKeyAsync(user, "k-unread", T0, Ct));
        Assert.Equal(2, await StoredKeysAsync(twice, user));
    }

    /// <summary>An INSERT of a notification into the table of schema versions 1 and 2, which held the key in a column.</summary>
    private string InsertBeforeVersion3Sql(Notification n, string? idempotencyKey)
    {
        static string Text(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        string Time(DateTimeOffset? value) => value is { } t ? SqlTime(t) : "NULL";
        var d = n.Details;
        return "INSERT INTO notifications (id, user_id, seq, type, title, content, priority, is_read, read_at, created_at, sender_id, sender_username, "
            + "sender_avatar, message_preview, conversation_id, message_id, call_session_id, data, expires_at, silent, idempotency_key) VALUES ("
            + string.Join(
                ", ",
                Text(n.Id), Text(n.UserId), n.Seq.ToString(CultureInfo.InvariantCulture), Text(d.Type.ToName()), Text(d.Title), Text(d.Content), Text(d.Priority.ToName()),
                SqlBool(n.IsRead), Time(n.ReadAt), Time(n.CreatedAt), Text(d.SenderId), Text(d.SenderUsername), Text(d.SenderAvatar), Text(d.MessagePreview),
                Text(d.ConversationId), Text(d.MessageId), Text(d.CallSessionId), Text(d.DataJson), Time(d.ExpiresAt), SqlBool(n.Silent), Text(idempotencyKey))
            + ")";
    }

    private static IEnumerable<CountGroup> SortedGroups(IEnumerable<CountGroup> groups) => groups.OrderBy(g => g.State.ToString(), StringComparer.Ordinal);

    protected static void AssertPreferencesEqual(NotificationPreferences expected, NotificationPreferences actual)
    {
        Assert.Equal(expected.DisabledTypes, actual.DisabledTypes);
        Assert.Equal(expected.MutedConversations, actual.MutedConversations);
        Assert.Equal(expected.Dnd, actual.Dnd);
        Assert.Equal(expected.PausedUntil, actual.PausedUntil);
    }
}
