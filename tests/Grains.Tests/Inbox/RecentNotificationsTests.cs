using Microsoft.Extensions.DependencyInjection;
using Notifications.Grains.Domain;
using Notifications.Grains.Inbox;
using Orleans.Serialization;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>
/// The inbox cache holds each notification in its serialized form: what comes back out must be
/// exactly what went in, with the read state the cache recorded, and lookups must stay ordinal.
/// </summary>
[Collection(InboxCluster.Name)]
public sealed class RecentNotificationsTests(InboxClusterFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private RecentNotifications NewCache(int capacity = 10) =>
        new(capacity, fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer<Notification>>());

    private static Notification Make(long seq, string? id = null, string conversationId = "c1", DateTimeOffset? expiresAt = null) => new()
    {
        Id = id ?? NotificationIds.New(Now.AddMilliseconds(seq)),
        UserId = "alice",
        Seq = seq,
        CreatedAt = Now.AddMilliseconds(seq),
        Details = NotificationDetails.Of(NotificationType.NewMessage) with
        {
            Title = $"Title {seq} <b>ü</b>",
            Content = new string('x', 100),
            SenderId = "bob",
            SenderUsername = "Bob",
            SenderAvatar = "https://example.test/a.png",
            MessagePreview = "preview",
            ConversationId = conversationId,
            MessageId = $"m{seq}",
            DataJson = """{"a":[1,2,{"b":null}],"emoji":"🎉"}""",
            ExpiresAt = expiresAt,
        },
    };

    [Fact]
    public void What_comes_out_equals_what_went_in_field_for_field()
    {
        var cache = NewCache();
        var original = Make(1, expiresAt: Now.AddHours(1)) with { Silent = true };
        cache.Put(original, "k1");

        Assert.True(cache.TryGet(original.Id, out var byId));
        Assert.Equal(original, byId);
        Assert.Equal(original.Details, byId.Details);
        Assert.True(cache.TryGetByIdempotencyKey("k1", out var byKey));
        Assert.Equal(original, byKey);
        Assert.True(cache.TryList(new NotificationQuery(), Now, out var page));
        Assert.Equal([original], page.Items);
    }

    [Fact]
    public void Marking_read_shows_in_lookups_and_in_the_read_filter()
    {
        var cache = NewCache();
        var first = Make(1);
        var second = Make(2);
        cache.Put(first);
        cache.Put(second);

        cache.MarkRead(first.Id, Now.AddMinutes(1));

        Assert.True(cache.TryGet(first.Id, out var read));
        Assert.Equal(first with { IsRead = true, ReadAt = Now.AddMinutes(1), SeenAt = Now.AddMinutes(1) }, read);
        Assert.True(cache.TryList(new NotificationQuery { IsRead = false }, Now, out var unread));
        Assert.Equal([second.Id], unread.Items.Select(n => n.Id));
        Assert.True(cache.TryList(new NotificationQuery { IsRead = true }, Now, out var onlyRead));
        Assert.Equal([first.Id], onlyRead.Items.Select(n => n.Id));
    }

    [Fact]
    public void Seen_and_archived_are_kept_beside_the_payload_and_decide_the_shelf()
    {
        var cache = NewCache();
        var plain = Make(1);
        var snoozed = Make(2) with { SnoozedUntil = Now.AddHours(1) };
        var v2 = Make(3) with
        {
            Details = Make(3).Details with { CollapseKey = "ck", Actions = new NotificationActions([new("ok", "OK"), new("go", "Go", "https://example.test/")]) },
            IsRead = true,
            ReadAt = Now.AddMinutes(1).ToOffset(TimeSpan.FromHours(2)),
            SeenAt = Now.AddMinutes(1),
            CollapsedCount = 4,
            ActedAction = "go",
            ActedAt = Now.AddMinutes(1),
        };
        cache.Put(plain);
        cache.Put(snoozed);
        cache.Put(v2);

        Assert.True(cache.TryGet(v2.Id, out var same));
        Assert.Equal(v2, same);

        cache.MarkSeen(plain.Id, Now.AddMinutes(2));
        cache.MarkSeen(plain.Id, Now.AddMinutes(3));
        Assert.True(cache.TryGet(plain.Id, out var seen));
        Assert.Equal(plain with { SeenAt = Now.AddMinutes(2) }, seen);

        cache.MarkRead(plain.Id, Now.AddMinutes(4));
        cache.MarkArchived(plain.Id, Now.AddMinutes(5));
        Assert.True(cache.TryGet(plain.Id, out var archived));
        Assert.Equal(plain with { IsRead = true, ReadAt = Now.AddMinutes(4), SeenAt = Now.AddMinutes(2), ArchivedAt = Now.AddMinutes(5) }, archived);

        Assert.True(cache.TryList(new NotificationQuery(), Now, out var inbox));
        Assert.Equal([3L], inbox.Items.Select(n => n.Seq));
        Assert.True(cache.TryList(new NotificationQuery { Archived = true }, Now, out var archive));
        Assert.Equal([archived], archive.Items);
        Assert.True(cache.TryList(new NotificationQuery { AfterSeq = 0, Snoozed = true }, Now, out var snoozedOnes));
        Assert.Equal([snoozed], snoozedOnes.Items);
        Assert.True(cache.TryList(new NotificationQuery { Archived = true, Snoozed = true }, Now, out var none));
        Assert.Empty(none.Items);
        Assert.False(none.HasMore);
    }

    [Fact]
    public void Ids_are_compared_ordinally_whatever_their_form()
    {
        var cache = NewCache();
        var canonical = Make(1);
        var upper = Make(2, id: canonical.Id.ToUpperInvariant());
        var other = Make(3, id: "not-a-uuid");
        cache.Put(canonical);
        cache.Put(upper);
        cache.Put(other);

        Assert.True(cache.TryGet(canonical.Id, out var a));
        Assert.Equal(1, a.Seq);
        Assert.True(cache.TryGet(upper.Id, out var b));
        Assert.Equal(2, b.Seq);
        Assert.True(cache.TryGet("not-a-uuid", out var c));
        Assert.Equal(3, c.Seq);
        Assert.False(cache.Contains("NOT-A-UUID"));
        Assert.False(cache.Contains(NotificationIds.New(Now)));

        cache.Remove(upper.Id);
        Assert.False(cache.Contains(upper.Id));
        Assert.True(cache.Contains(canonical.Id));
    }

    [Fact]
    public void The_conversation_filter_returns_exact_matches_only()
    {
        var cache = NewCache();
        for (var i = 1; i <= 6; i++)
        {
            cache.Put(Make(i, conversationId: i % 2 == 0 ? "even" : "odd"));
        }

        Assert.True(cache.TryList(new NotificationQuery { ConversationId = "even" }, Now, out var even));
        Assert.Equal([6L, 4, 2], even.Items.Select(n => n.Seq));
        Assert.True(cache.TryList(new NotificationQuery { ConversationId = "Even" }, Now, out var none));
        Assert.Empty(none.Items);
    }

    [Fact]
    public void What_falls_out_of_the_cache_is_forgotten_by_id_and_key_and_sends_lists_to_the_store()
    {
        var cache = NewCache(capacity: 2);
        var oldest = Make(1);
        cache.Put(oldest, "k1");
        cache.Put(Make(2));
        Assert.True(cache.IsComplete);

        cache.Put(Make(3), "k3");

        Assert.False(cache.IsComplete);
        Assert.False(cache.Contains(oldest.Id));
        Assert.False(cache.TryGetByIdempotencyKey("k1", out _));
        Assert.True(cache.TryGetByIdempotencyKey("k3", out var kept));
        Assert.Equal(3, kept.Seq);
        Assert.False(cache.TryList(new NotificationQuery { Limit = 5 }, Now, out _));
        Assert.True(cache.TryList(new NotificationQuery { Limit = 1 }, Now, out var newest));
        Assert.Equal([3L], newest.Items.Select(n => n.Seq));
    }

    [Fact]
    public void Expired_notifications_never_match()
    {
        var cache = NewCache();
        cache.Put(Make(1, expiresAt: Now.AddSeconds(1)));
        cache.Put(Make(2));

        Assert.True(cache.TryList(new NotificationQuery(), Now.AddSeconds(1), out var page));
        Assert.Equal([2L], page.Items.Select(n => n.Seq));
    }
}
