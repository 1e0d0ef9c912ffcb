using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2 for lists and shapes: the <c>archived</c> and <c>snoozed</c> filters (defaults
/// included, with <c>afterSeq</c> too), the seq amendment, the new notification properties and the
/// counts by shelf.
/// </summary>
public abstract class V2ListsTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : V2ListsTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : V2ListsTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    /// <summary>
    /// Seqs 1–6: 1 new_message c1 (unread), 2 system (read), 3 new_message c1 (archived), 4 message_reply
    /// c2 (snoozed, unread), 5 new_message c2 (snoozed, read), 6 system (archived).
    /// </summary>
    private async Task<HttpClient> SeedShelvesAsync()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var ids = new List<string>();
        foreach (var (type, conversationId) in new (string, string?)[]
        {
            ("new_message", "c1"), ("system", null), ("new_message", "c1"), ("message_reply", "c2"), ("new_message", "c2"), ("system", null),
        })
        {
            ids.Add(IdOf(await _producer.CreatedAsync(new { userId, type, conversationId })));
        }

        var user = factory.ClientFor(userId);
        await user.PatchOkAsync($"api/notifications/{ids[1]}/read");
        await user.PatchOkAsync($"api/notifications/{ids[2]}/archive");
        await user.PatchOkAsync($"api/notifications/{ids[5]}/archive");
        await user.SnoozedAsync(ids[3], DateTimeOffset.UtcNow.AddHours(1));
        await user.SnoozedAsync(ids[4], DateTimeOffset.UtcNow.AddHours(1));
        await user.PatchOkAsync($"api/notifications/{ids[4]}/read");
        return user;
    }

    [Theory]
    [InlineData("", new long[] { 2, 1 })]
    [InlineData("?archived=false", new long[] { 2, 1 })]
    [InlineData("?snoozed=false", new long[] { 2, 1 })]
    [InlineData("?archived=false&snoozed=false", new long[] { 2, 1 })]
    [InlineData("?archived=&snoozed=", new long[] { 2, 1 })]
    [InlineData("?archived=true", new long[] { 6, 3 })]
    [InlineData("?archived=true&snoozed=false", new long[] { 6, 3 })]
    [InlineData("?archived=true&snoozed=", new long[] { 6, 3 })]
    [InlineData("?snoozed=true", new long[] { 5, 4 })]
    [InlineData("?snoozed=true&archived=false", new long[] { 5, 4 })]
    [InlineData("?snoozed=true&archived=", new long[] { 5, 4 })]
    [InlineData("?archived=true&snoozed=true", new long[] { })]
    [InlineData("?archived=true&type=new_message", new long[] { 3 })]
    [InlineData("?snoozed=true&isRead=false", new long[] { 4 })]
    [InlineData("?snoozed=true&conversationId=c2", new long[] { 5, 4 })]
    [InlineData("?isRead=true", new long[] { 2 })]
    [InlineData("?type=new_message", new long[] { 1 })]
    [InlineData("?afterSeq=0", new long[] { 1, 2 })]
    [InlineData("?afterSeq=1", new long[] { 2 })]
    [InlineData("?afterSeq=0&archived=false&snoozed=false", new long[] { 1, 2 })]
    [InlineData("?afterSeq=0&archived=&snoozed=", new long[] { 1, 2 })]
    [InlineData("?afterSeq=0&archived=true", new long[] { 3, 6 })]
    [InlineData("?afterSeq=3&archived=true", new long[] { 6 })]
    [InlineData("?afterSeq=0&snoozed=true", new long[] { 4, 5 })]
    [InlineData("?afterSeq=4&snoozed=true", new long[] { 5 })]
    [InlineData("?afterSeq=0&snoozed=true&archived=", new long[] { 4, 5 })]
    [InlineData("?afterSeq=0&archived=true&snoozed=", new long[] { 3, 6 })]
    [InlineData("?afterSeq=0&snoozed=true&isRead=true", new long[] { 5 })]
    [InlineData("?afterSeq=0&archived=true&snoozed=true", new long[] { })]
    public async Task The_archived_and_snoozed_filters_pick_one_shelf_defaults_and_after_seq_included(string query, long[] seqs)
    {
        using var user = await SeedShelvesAsync();

        var page = await user.ListAsync(query);

        Assert.Equal(seqs, Seqs(page));
        Assert.False(page.GetProperty("hasMore").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("archived", "TRUE")]
    [InlineData("archived", "True")]
    [InlineData("archived", "1")]
    [InlineData("archived", "0")]
    [InlineData("archived", "yes")]
    [InlineData("archived", "true%20")]
    [InlineData("archived", "null")]
    [InlineData("snoozed", "FALSE")]
    [InlineData("snoozed", "on")]
    [InlineData("snoozed", "%00")]
    [InlineData("snoozed", "tru")]
    public async Task Any_other_value_of_a_filter_is_a_400_naming_it(string name, string value)
    {
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await user.GetPathAsync($"api/notifications?{name}={value}")).ExpectValidationAsync(name);
        await (await user.GetPathAsync($"api/notifications?afterSeq=0&{name}={value}")).ExpectValidationAsync(name);
    }

    [Theory]
    [InlineData("archived")]
    [InlineData("snoozed")]
    public async Task A_filter_given_twice_is_a_400(string name)
    {
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await user.GetPathAsync($"api/notifications?{name}=true&{name}=true")).ExpectValidationAsync(name);
    }

    [Fact]
    public async Task The_archive_pages_like_any_list()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(IdOf(await _producer.CreatedAsync(new { userId, type = "system" })));
            await _producer.CreatedAsync(new { userId, type = "system" });
        }

        foreach (var id in ids)
        {
            await user.PatchOkAsync($"api/notifications/{id}/archive");
        }

        var pages = await user.WalkAsync("&archived=true", limit: 2);

        Assert.Equal(3, pages.Count);
        Assert.Equal(ids.AsEnumerable().Reverse(), pages.SelectMany(Ids));
        Assert.Equal([9L, 7, 5, 3, 1], pages.SelectMany(Seqs));
    }

    [Fact]
    public async Task Counts_count_the_inbox_in_total_unread_unseen_by_type_and_by_priority_and_each_shelf_apart()
    {
        using var user = await SeedShelvesAsync();

        var counts = await user.CountsAsync();

        Assert.Equal(CountsProperties, counts.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(new long[] { 2, 1, 1, 2, 2, 6 }, Tally(counts));
        Assert.Equal(new Dictionary<string, int> { ["new_message"] = 1 }, NonZero(counts.GetProperty("byType")));
        Assert.Equal(new Dictionary<string, int> { ["normal"] = 1 }, NonZero(counts.GetProperty("byPriority")));
    }

    [Fact]
    public async Task A_plain_create_has_every_v2_property_at_its_default()
    {
        var n = await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "system" });

        Assert.Equal(NotificationProperties.Order(), n.EnumerateObject().Select(p => p.Name).Order());
        foreach (var name in new[] { "seenAt", "archivedAt", "snoozedUntil", "collapseKey", "actedAction", "actedAt" })
        {
            Assert.True(n.GetProperty(name).ValueKind == JsonValueKind.Null, $"{name} should be null: {n}");
        }

        Assert.Equal(1, n.GetProperty("collapsedCount").GetInt32());
        Assert.Equal("[]", n.GetProperty("actions").GetRawText());
    }

    [Fact]
    public async Task Lists_follow_the_current_seq_and_after_seq_replays_only_what_went_to_the_top()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var collapsing = await _producer.CreatedAsync(new { userId, type = "new_message", collapseKey = "k" });
        var snoozing = await _producer.CreatedAsync(new { userId, type = "system" });
        var acting = await _producer.CreatedAsync(new { userId, type = "system", actions = new[] { new { id = "ok", label = "OK" } } });
        var reading = await _producer.CreatedAsync(new { userId, type = "system" });
        var archiving = await _producer.CreatedAsync(new { userId, type = "system" });

        // Changes that keep the seq: nothing to replay after 5.
        await user.PatchOkAsync($"api/notifications/{IdOf(reading)}/read");
        await user.PatchOkAsync("api/notifications/seen", new { upToSeq = 5 });
        await (await user.ActAsync(IdOf(acting), "ok")).ExpectAsync(HttpStatusCode.OK);
        await user.PatchOkAsync($"api/notifications/{IdOf(archiving)}/archive");
        await user.PatchOkAsync($"api/notifications/{IdOf(archiving)}/unarchive");
        Assert.Empty(Ids(await user.ListAsync("?afterSeq=5")));
        Assert.Equal(new long[] { 5, 4, 3, 2, 1 }, Seqs(await user.ListAsync()));

        // Changes that put it at the top: a replacement (seq 6) and a return from snooze (seq 7).
        await user.SnoozedAsync(IdOf(snoozing), DateTimeOffset.UtcNow.AddHours(1));
        await (await _producer.PostCreateAsync(new { userId, type = "new_message", collapseKey = "k" })).ExpectAsync(HttpStatusCode.OK);
        await user.PatchOkAsync($"api/notifications/{IdOf(snoozing)}/unsnooze");

        var list = await user.ListAsync();
        Assert.Equal([IdOf(snoozing), IdOf(collapsing), IdOf(archiving), IdOf(reading), IdOf(acting)], Ids(list));
        Assert.Equal([7L, 6, 5, 4, 3], Seqs(list));
        var createdAts = list.GetProperty("items").EnumerateArray().Select(n => TimeOf(n.GetProperty("createdAt"))).ToArray();
        Assert.Equal(createdAts.OrderDescending(), createdAts);

        var caughtUp = await user.ListAsync("?afterSeq=5");
        Assert.Equal([IdOf(collapsing), IdOf(snoozing)], Ids(caughtUp));
        Assert.Equal([6L, 7], Seqs(caughtUp));
        Assert.Equal([IdOf(snoozing)], Ids(await user.ListAsync("?afterSeq=6")));
        Assert.Equal(7, (await user.CountsAsync()).GetProperty("lastSeq").GetInt64());
    }
}
