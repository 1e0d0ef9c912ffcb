using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="INotificationStore"/> must have. One store (one database) serves a
/// whole test class, so each test works on users of its own; only the cleanup test touches rows
/// globally, and it uses times (year 2001) no other test uses.
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

    /// <summary>What turns a database of schema version 2 back into one that version 1 of the service created.</summary>
    protected abstract string DowngradeToVersion1Sql { get; }

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
        string? dataJson = null) => new()
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
        },
        CreatedAt = T0.AddSeconds(seq),
    };

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
            },
            IsRead = true,
            ReadAt = T0.AddMilliseconds(2_345),
            CreatedAt = T0.AddMilliseconds(1_234),
            Silent = true,
            IdempotencyKey = "key-1",
        };
        var bare = Make(user, 2);

        await Store.InsertAsync([full, bare], Ct);

        var foundFull = await Store.FindAsync(user, full.Id, T0, Ct);
        var foundBare = await Store.FindAsync(user, bare.Id, T0, Ct);
        Assert.Equal(full, foundFull);
        Assert.Equal(bare, foundBare);
        Assert.Equal(TimeSpan.Zero, foundFull!.CreatedAt.Offset);
        Assert.Null(foundBare!.Details.DataJson);
        Assert.Null(foundBare.ReadAt);
        Assert.Null(foundBare.Details.ExpiresAt);
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
        };
        await Store.InsertAsync([n], Ct);

        var found = await Store.FindAsync(user, n.Id, created, Ct);

        Assert.Equal(created.UtcTicks, found!.CreatedAt.UtcTicks);
        Assert.Equal(n.ReadAt!.Value.UtcTicks, found.ReadAt!.Value.UtcTicks);
        Assert.Equal(n.Details.ExpiresAt!.Value.UtcTicks, found.Details.ExpiresAt!.Value.UtcTicks);
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
            Make(user, 2, NotificationType.UserMentioned, conversationId: "c1") with { IsRead = true, ReadAt = T0 },
            Make(user, 3, NotificationType.UserMentioned, conversationId: "c2"),
            Make(user, 4, conversationId: "c2") with { IsRead = true, ReadAt = T0 },
            Make(user, 5, NotificationType.UserMentioned),
            Make(user, 6, conversationId: "c1"),
        ];
        await Store.InsertAsync(rows, Ct);

        async Task<string> Seqs(NotificationQuery query) =>
            string.Join(",", (await Store.ListAsync(user, query, T0, Ct)).Items.Select(n => n.Seq));

        Assert.Equal("5,3,2", await Seqs(new NotificationQuery { Type = NotificationType.UserMentioned }));
        Assert.Equal("6,5,3,1", await Seqs(new NotificationQuery { IsRead = false }));
        Assert.Equal("4,2", await Seqs(new NotificationQuery { IsRead = true }));
        Assert.Equal("6,2,1", await Seqs(new NotificationQuery { ConversationId = "c1" }));
        Assert.Equal("6,1", await Seqs(new NotificationQuery { ConversationId = "c1", IsRead = false, Type = NotificationType.NewMessage }));
        Assert.Equal("3,5", await Seqs(new NotificationQuery { AfterSeq = 2, Type = NotificationType.UserMentioned }));
        Assert.Equal("3", await Seqs(new NotificationQuery { AfterSeq = 0, ConversationId = "c2", IsRead = false }));
        Assert.Equal("3", await Seqs(new NotificationQuery { BeforeSeq = 5, Type = NotificationType.UserMentioned, Limit = 1 }));
    }

    [Fact]
    public async Task Expired_notifications_are_invisible_to_every_method()
    {
        var user = NewUser();
        var now = T0.AddHours(1);
        var live = Make(user, 1, expiresAt: now.AddMilliseconds(1)) with { IdempotencyKey = "live-key" };
        var expired = Make(user, 2, expiresAt: now.AddMilliseconds(-1)) with { IdempotencyKey = "expired-key" };
        var expiringNow = Make(user, 3, expiresAt: now) with { IdempotencyKey = "now-key" };
        var forever = Make(user, 4, NotificationType.System);
        await Store.InsertAsync([live, expired, expiringNow, forever], Ct);

        foreach (var gone in new[] { expired, expiringNow })
        {
            Assert.Null(await Store.FindAsync(user, gone.Id, now, Ct));
            Assert.Null(await Store.FindByIdempotencyKeyAsync(user, gone.IdempotencyKey!, now, Ct));
            Assert.Null(await Store.MarkReadAsync(user, gone.Id, now, now, Ct));
        }

        Assert.NotNull(await Store.FindAsync(user, live.Id, now, Ct));
        Assert.NotNull(await Store.FindByIdempotencyKeyAsync(user, "live-key", now, Ct));
        Assert.Equal([4L, 1], (await Store.ListAsync(user, new NotificationQuery(), now, Ct)).Items.Select(n => n.Seq));
        Assert.Equal([1L, 4], (await Store.ListAsync(user, new NotificationQuery { AfterSeq = 0 }, now, Ct)).Items.Select(n => n.Seq));

        var snapshot = await Store.LoadInboxAsync(user, 10, now, Ct);
        Assert.Equal([4L, 1], snapshot.Recent.Select(n => n.Seq));
        Assert.Equal(2, snapshot.Groups.Sum(g => g.Count));
        Assert.Equal([live.Id], snapshot.Expiring.Select(e => e.Id));
        Assert.Equal(4, snapshot.LastSeq);

        var marked = await Store.MarkAllReadAsync(user, null, null, now, now, Ct);
        Assert.Equal([1L, 4], marked.Select(r => r.Seq));

        Assert.Null(await Store.DeleteAsync(user, expired.Id, now, Ct));
        Assert.Null(await Store.DeleteAsync(user, expiringNow.Id, now, Ct));

        // Still stored (only hidden) until the cleanup deletes them.
        Assert.NotNull(await Store.FindAsync(user, expired.Id, T0, Ct));
    }

    [Fact]
    public async Task Idempotency_key_is_found_per_user_and_is_unique_while_live()
    {
        var alice = NewUser();
        var bob = NewUser();
        var n = Make(alice, 1) with { IdempotencyKey = "k" };
        await Store.InsertAsync([n], Ct);

        Assert.Equal(n, await Store.FindByIdempotencyKeyAsync(alice, "k", T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(bob, "k", T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(alice, "other", T0, Ct));

        // Another user may use the same key; the same user may not while the first is live.
        await Store.InsertAsync([Make(bob, 1) with { IdempotencyKey = "k" }], Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.InsertAsync([Make(alice, 2) with { IdempotencyKey = "k" }], Ct));
        Assert.Equal([1L], (await Store.ListAsync(alice, new NotificationQuery(), T0, Ct)).Items.Select(x => x.Seq));
    }

    [Fact]
    public async Task Idempotency_key_is_free_again_after_expiry()
    {
        var user = NewUser();
        var first = Make(user, 1, expiresAt: T0.AddSeconds(10)) with { IdempotencyKey = "k" };
        await Store.InsertAsync([first], Ct);

        // Created after the first expired: the store deletes the expired holder of the key.
        var second = Make(user, 20) with { IdempotencyKey = "k" };
        await Store.InsertAsync([second], Ct);

        Assert.Equal(second, await Store.FindByIdempotencyKeyAsync(user, "k", second.CreatedAt, Ct));
        Assert.Null(await Store.FindAsync(user, first.Id, T0, Ct));
        Assert.Equal(20, (await Store.LoadInboxAsync(user, 0, second.CreatedAt, Ct)).LastSeq);
    }

    [Fact]
    public async Task Idempotency_key_is_free_again_after_delete()
    {
        var user = NewUser();
        var first = Make(user, 1) with { IdempotencyKey = "k" };
        await Store.InsertAsync([first], Ct);
        Assert.NotNull(await Store.DeleteAsync(user, first.Id, T0, Ct));

        var second = Make(user, 2) with { IdempotencyKey = "k" };
        await Store.InsertAsync([second], Ct);

        Assert.Equal(second, await Store.FindByIdempotencyKeyAsync(user, "k", T0, Ct));
    }

    [Fact]
    public async Task Mark_read_changes_once_and_keeps_the_first_read_time()
    {
        var user = NewUser();
        var n = Make(user, 1);
        await Store.InsertAsync([n], Ct);
        var readAt = T0.AddMinutes(5).AddMilliseconds(321);

        var first = await Store.MarkReadAsync(user, n.Id, readAt, readAt, Ct);
        var second = await Store.MarkReadAsync(user, n.Id, readAt.AddMinutes(1), readAt.AddMinutes(1), Ct);

        Assert.NotNull(first);
        Assert.True(first.Changed);
        Assert.Equal(n with { IsRead = true, ReadAt = readAt }, first.Notification);
        Assert.NotNull(second);
        Assert.False(second.Changed);
        Assert.Equal(first.Notification, second.Notification);
        Assert.Equal(first.Notification, await Store.FindAsync(user, n.Id, readAt, Ct));
        Assert.Null(await Store.MarkReadAsync(user, "missing", readAt, readAt, Ct));
        Assert.Null(await Store.MarkReadAsync(NewUser(), n.Id, readAt, readAt, Ct));
    }

    [Fact]
    public async Task Mark_all_read_honours_filters_and_returns_exactly_the_changed_rows()
    {
        var user = NewUser();
        var other = NewUser();
        Notification[] rows =
        [
            Make(user, 1, conversationId: "c1"),
            Make(user, 2, NotificationType.UserMentioned, NotificationPriority.High, conversationId: "c1"),
            Make(user, 3, NotificationType.UserMentioned, conversationId: "c2") with { IsRead = true, ReadAt = T0 },
            Make(user, 4, NotificationType.MessageReaction, NotificationPriority.Low, conversationId: "c2"),
            Make(user, 5, NotificationType.System),
            Make(other, 1, conversationId: "c1"),
        ];
        await Store.InsertAsync(rows, Ct);
        var readAt = T0.AddMinutes(1);

        var byType = await Store.MarkAllReadAsync(user, NotificationType.UserMentioned, null, readAt, readAt, Ct);
        var byConversation = await Store.MarkAllReadAsync(user, null, "c2", readAt, readAt, Ct);
        var both = await Store.MarkAllReadAsync(user, NotificationType.NewMessage, "c2", readAt, readAt, Ct);
        var rest = await Store.MarkAllReadAsync(user, null, null, readAt.AddMinutes(1), readAt, Ct);
        var again = await Store.MarkAllReadAsync(user, null, null, readAt, readAt, Ct);

        Assert.Equal([new NotificationRef(rows[1].Id, 2, NotificationType.UserMentioned, NotificationPriority.High)], byType);
        Assert.Equal([new NotificationRef(rows[3].Id, 4, NotificationType.MessageReaction, NotificationPriority.Low)], byConversation);
        Assert.Empty(both);
        Assert.Equal([rows[0].Id, rows[4].Id], rest.Select(r => r.Id));
        Assert.Empty(again);

        var page = await Store.ListAsync(user, new NotificationQuery { AfterSeq = 0 }, readAt, Ct);
        Assert.All(page.Items, n => Assert.True(n.IsRead));
        Assert.Equal([readAt.AddMinutes(1), readAt, T0, readAt, readAt.AddMinutes(1)], page.Items.Select(n => n.ReadAt!.Value));
        Assert.False((await Store.FindAsync(other, rows[5].Id, readAt, Ct))!.IsRead);
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
    public async Task Trim_deletes_the_oldest_live_rows_of_the_user_only()
    {
        var user = NewUser();
        var other = NewUser();
        Notification[] rows =
        [
            Make(user, 1, expiresAt: T0.AddSeconds(30)),
            Make(user, 2, NotificationType.UserMentioned, NotificationPriority.High),
            Make(user, 3) with { IsRead = true, ReadAt = T0 },
            Make(user, 4, NotificationType.System),
            Make(user, 5),
            Make(other, 1),
        ];
        await Store.InsertAsync(rows, Ct);
        var now = T0.AddMinutes(1); // row 1 has expired: not live, so not the oldest to trim

        var first = await Store.TrimOldestAsync(user, 2, now, Ct);
        var rest = await Store.TrimOldestAsync(user, 10, now, Ct);

        Assert.Equal(
            [
                new TrimmedNotification(rows[1].Id, 2, NotificationType.UserMentioned, NotificationPriority.High, IsRead: false),
                new TrimmedNotification(rows[2].Id, 3, NotificationType.NewMessage, NotificationPriority.Normal, IsRead: true),
            ],
            first);
        Assert.Equal([rows[3].Id, rows[4].Id], rest.Select(r => r.Id));
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
        var fresh = Make(other, 1) with { IdempotencyKey = "k" };

        // The second row repeats (user, seq 1): the whole call fails, the first row included.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.InsertAsync([fresh, Make(user, 1), Make(user, 2)], Ct));

        Assert.Null(await Store.FindAsync(other, fresh.Id, T0, Ct));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(other, "k", T0, Ct));
        Assert.Equal(0, (await Store.LoadInboxAsync(other, 10, T0, Ct)).LastSeq);
        Assert.Equal(1, (await Store.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
    }

    [Fact]
    public async Task One_insert_may_carry_several_users_rows()
    {
        var alice = NewUser();
        var bob = NewUser();
        await Store.InsertAsync([Make(alice, 1), Make(bob, 1), Make(alice, 2), Make(bob, 2), Make(bob, 3)], Ct);

        Assert.Equal(2, (await Store.LoadInboxAsync(alice, 10, T0, Ct)).LastSeq);
        Assert.Equal(3, (await Store.LoadInboxAsync(bob, 10, T0, Ct)).LastSeq);
    }

    [Fact]
    public async Task Load_inbox_returns_recent_groups_and_expiring()
    {
        var user = NewUser();
        var now = T0.AddMinutes(30);
        Notification[] rows =
        [
            Make(user, 1),
            Make(user, 2),
            Make(user, 3) with { IsRead = true, ReadAt = T0 },
            Make(user, 4, NotificationType.MissedCall, NotificationPriority.High, expiresAt: now.AddHours(1)),
            Make(user, 5, NotificationType.MissedCall, NotificationPriority.High, expiresAt: now.AddMinutes(-1)),
            Make(user, 6, NotificationType.System, NotificationPriority.Urgent, expiresAt: now.AddDays(1)) with { IsRead = true, ReadAt = T0 },
        ];
        await Store.InsertAsync(rows, Ct);

        var snapshot = await Store.LoadInboxAsync(user, 3, now, Ct);

        Assert.Equal(6, snapshot.LastSeq);
        Assert.Equal([rows[5], rows[3], rows[2]], snapshot.Recent);
        Assert.Equal(
            [
                new CountGroup(NotificationType.NewMessage, NotificationPriority.Normal, false, 2),
                new CountGroup(NotificationType.NewMessage, NotificationPriority.Normal, true, 1),
                new CountGroup(NotificationType.MissedCall, NotificationPriority.High, false, 1),
                new CountGroup(NotificationType.System, NotificationPriority.Urgent, true, 1),
            ],
            snapshot.Groups.OrderBy(g => g.Type).ThenBy(g => g.IsRead));
        Assert.Equal(
            [
                new ExpiringNotification(rows[3].Id, rows[3].Details.ExpiresAt!.Value, NotificationType.MissedCall, NotificationPriority.High, false),
                new ExpiringNotification(rows[5].Id, rows[5].Details.ExpiresAt!.Value, NotificationType.System, NotificationPriority.Urgent, true),
            ],
            snapshot.Expiring.OrderBy(e => e.Id == rows[5].Id));
        Assert.Empty((await Store.LoadInboxAsync(user, 0, now, Ct)).Recent);
    }

    [Fact]
    public async Task Load_inbox_of_an_unknown_user_is_empty_with_default_preferences()
    {
        var snapshot = await Store.LoadInboxAsync(NewUser(), 50, T0, Ct);

        Assert.Equal(0, snapshot.LastSeq);
        AssertPreferencesEqual(NotificationPreferences.Default, snapshot.Preferences);
        Assert.Empty(snapshot.Recent);
        Assert.Empty(snapshot.Groups);
        Assert.Empty(snapshot.Expiring);
    }

    [Fact]
    public async Task Preferences_round_trip_and_are_replaced_whole()
    {
        var user = NewUser();
        var preferences = new NotificationPreferences(
            [NotificationType.MessageReaction, NotificationType.NewConversationGroup],
            ["c1", "c 2 ✓"],
            new DoNotDisturb(true, new TimeOnly(23, 30), new TimeOnly(6, 15), "Europe/Paris"));

        await Store.SavePreferencesAsync(user, preferences, PreferencesAudit(user), Ct);
        AssertPreferencesEqual(preferences, (await Store.LoadInboxAsync(user, 10, T0, Ct)).Preferences);

        await Store.InsertAsync([Make(user, 1)], Ct);
        AssertPreferencesEqual(preferences, (await Store.LoadInboxAsync(user, 10, T0, Ct)).Preferences);

        await Store.SavePreferencesAsync(user, NotificationPreferences.Default, PreferencesAudit(user), Ct);
        var reloaded = await Store.LoadInboxAsync(user, 10, T0, Ct);
        AssertPreferencesEqual(NotificationPreferences.Default, reloaded.Preferences);
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

        await Store.MarkAllReadAsync(alice, null, null, T0, T0, Ct);

        var bobs = await Store.LoadInboxAsync(bob, 10, T0, Ct);
        Assert.Equal(1, bobs.LastSeq);
        Assert.Equal([new CountGroup(NotificationType.NewMessage, NotificationPriority.Normal, false, 1)], bobs.Groups);
        AssertPreferencesEqual(NotificationPreferences.Default, bobs.Preferences);
        Assert.Equal([1L], (await Store.ListAsync(bob, new NotificationQuery(), T0, Ct)).Items.Select(n => n.Seq));
        Assert.Equal(2, (await Store.LoadInboxAsync(alice, 10, T0, Ct)).Groups.Single().Count);
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
        await old.InitializeAsync(Ct);
        await ExecuteSqlAsync(old, DowngradeToVersion1Sql);
        var user = NewUser();
        var n = Make(user, 1);
        await ExecuteSqlAsync(old, "INSERT INTO inboxes (user_id, last_seq, preferences) VALUES ('" + user + "', 7, NULL)");
        await old.InsertAsync([n], Ct);

        var upgraded = CreateStore(name);
        await upgraded.InitializeAsync(Ct);

        Assert.Equal(n, await upgraded.FindAsync(user, n.Id, T0, Ct));
        Assert.Equal(7, (await upgraded.LoadInboxAsync(user, 10, T0, Ct)).LastSeq);
        await upgraded.SavePreferencesAsync(user, NotificationPreferences.Default, PreferencesAudit(user), Ct);
        Assert.Single((await upgraded.ListAuditAsync(null, 10, Ct)).Items);
    }

    protected static void AssertPreferencesEqual(NotificationPreferences expected, NotificationPreferences actual)
    {
        Assert.Equal(expected.DisabledTypes, actual.DisabledTypes);
        Assert.Equal(expected.MutedConversations, actual.MutedConversations);
        Assert.Equal(expected.Dnd, actual.Dnd);
    }
}
