using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, <c>GET /api/notifications</c>: order, limits, keyset paging, filters, afterSeq catch-up.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListTests(NotificationsApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    /// <summary>
    /// Seven notifications: seq 1..7 with types and conversations mixed; seq 2 and 5 read.
    /// </summary>
    private async Task<(string UserId, HttpClient Client, JsonElement[] Created)> SeedAsync()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var client = factory.ClientFor(userId);
        var plan = new (string Type, string? Conversation)[]
        {
            ("new_message", "c1"), ("new_message", "c2"), ("message_reply", "c1"), ("system", null),
            ("new_message", "c1"), ("message_reply", "c2"), ("new_message", "c1"),
        };
        var created = new List<JsonElement>();
        foreach (var (type, conversation) in plan)
        {
            created.Add(await _producer.CreatedAsync(new { userId, type, conversationId = conversation }));
        }

        foreach (var i in new[] { 1, 4 })
        {
            await (await client.PatchAsync($"api/notifications/{created[i].GetProperty("id").GetString()}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        }

        return (userId, client, created.ToArray());
    }

    [Fact]
    public async Task The_list_is_newest_first_with_the_list_shape()
    {
        var (_, client, created) = await SeedAsync();
        using var _ = client;

        var page = await client.ListAsync();
        Assert.Equal(["hasMore", "items", "nextCursor"], page.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal([7L, 6, 5, 4, 3, 2, 1], Seqs(page));
        Assert.Equal(created.Reverse().Select(n => n.GetProperty("id").GetString()), Ids(page));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        Assert.False(page.GetProperty("hasMore").GetBoolean());
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(NotificationProperties.Order(), item.EnumerateObject().Select(p => p.Name).Order());
        }

        var empties = await client.ListAsync("?type=&cursor=&isRead=&conversationId=");
        Assert.Equal(page.GetRawText(), empties.GetRawText());
        Assert.Equal(new long[] { 7L, 6 }, Seqs(await client.ListAsync("?cursor=&limit=2")));

        var read = page.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("isRead").GetBoolean()).Select(n => n.GetProperty("seq").GetInt64());
        Assert.Equal([5L, 2], read);
    }

    [Fact]
    public async Task The_default_limit_is_50_and_the_maximum_100()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        for (var i = 0; i < 101; i++)
        {
            await _producer.CreatedAsync(new { userId, type = "system" });
        }

        var first = await client.ListAsync();
        Assert.Equal(Enumerable.Range(52, 50).Select(i => (long)i).Reverse(), Seqs(first));
        Assert.True(first.GetProperty("hasMore").GetBoolean());

        var max = await client.ListAsync("?limit=100");
        Assert.Equal(100, max.GetProperty("items").GetArrayLength());
        Assert.True(max.GetProperty("hasMore").GetBoolean());
        var rest = await client.ListAsync("?limit=100&cursor=" + Uri.EscapeDataString(max.GetProperty("nextCursor").GetString()!));
        Assert.Equal([1L], Seqs(rest));
        Assert.False(rest.GetProperty("hasMore").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);

        Assert.Equal(new long[] { 101L }, Seqs(await client.ListAsync("?limit=1")));
    }

    [Theory]
    [InlineData("?limit=")]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=1.5")]
    [InlineData("?limit=%2B5")]
    [InlineData("?limit=99999999999999999999")]
    public async Task An_invalid_limit_is_a_400(string query)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await client.GetPathAsync("api/notifications" + query)).ExpectValidationAsync("limit");
        await (await client.GetPathAsync("api/notifications" + query + "&afterSeq=0")).ExpectValidationAsync("limit");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Keyset_paging_walks_every_item_exactly_once(int limit)
    {
        var (_, client, _) = await SeedAsync();
        using var _ = client;

        var pages = await client.WalkAsync("", limit);
        Assert.Equal([7L, 6, 5, 4, 3, 2, 1], pages.SelectMany(Seqs));
        Assert.Equal((7 + limit - 1) / limit, pages.Count);
        Assert.All(pages[..^1], p => Assert.Equal(limit, p.GetProperty("items").GetArrayLength()));
        Assert.False(pages[^1].GetProperty("hasMore").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pages[^1].GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Paging_is_stable_while_new_notifications_arrive()
    {
        var (userId, client, _) = await SeedAsync();
        using var _ = client;
        var first = await client.ListAsync("?limit=3");
        Assert.Equal([7L, 6, 5], Seqs(first));

        await _producer.CreatedAsync(new { userId, type = "system" });
        var second = await client.ListAsync("?limit=3&cursor=" + Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!));
        Assert.Equal([4L, 3, 2], Seqs(second));
    }

    [Theory]
    [InlineData("&type=new_message", new long[] { 7, 5, 2, 1 })]
    [InlineData("&type=message_reply", new long[] { 6, 3 })]
    [InlineData("&isRead=true", new long[] { 5, 2 })]
    [InlineData("&isRead=false", new long[] { 7, 6, 4, 3, 1 })]
    [InlineData("&conversationId=c1", new long[] { 7, 5, 3, 1 })]
    [InlineData("&conversationId=c2&type=new_message", new long[] { 2 })]
    [InlineData("&type=new_message&isRead=false&conversationId=c1", new long[] { 7, 1 })]
    [InlineData("&type=contact_request", new long[] { })]
    [InlineData("&conversationId=c9", new long[] { })]
    [InlineData("&type=&isRead=&conversationId=", new long[] { 7, 6, 5, 4, 3, 2, 1 })]
    [InlineData("&type=&isRead=false", new long[] { 7, 6, 4, 3, 1 })]
    public async Task Filters_apply_alone_combined_and_while_paging(string filters, long[] expected)
    {
        var (_, client, _) = await SeedAsync();
        using var _ = client;

        Assert.Equal(expected, Seqs(await client.ListAsync("?limit=100" + filters)));
        foreach (var limit in new[] { 1, 2 })
        {
            var pages = await client.WalkAsync(filters, limit);
            Assert.Equal(expected, pages.SelectMany(Seqs));
            Assert.Equal(Math.Max(1, (expected.Length + limit - 1) / limit), pages.Count);
        }

        // afterSeq takes the same filters, oldest first.
        Assert.Equal(expected.Reverse(), Seqs(await client.ListAsync("?afterSeq=0" + filters)));
    }

    [Theory]
    [InlineData("type=bogus", "type")]
    [InlineData("type=New_Message", "type")]
    [InlineData("isRead=yes", "isRead")]
    [InlineData("isRead=True", "isRead")]
    [InlineData("isRead=1", "isRead")]
    [InlineData("conversationId=c%2F1", "conversationId")]
    [InlineData("conversationId=c%201", "conversationId")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=%00", "cursor")]
    [InlineData("afterSeq=", "afterSeq")]
    [InlineData("afterSeq=-1", "afterSeq")]
    [InlineData("afterSeq=abc", "afterSeq")]
    [InlineData("afterSeq=1e3", "afterSeq")]
    [InlineData("afterSeq=99999999999999999999999", "afterSeq")]
    public async Task Invalid_query_values_are_400s(string query, string field)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await client.GetPathAsync("api/notifications?" + query)).ExpectValidationAsync(field);
    }

    [Fact]
    public async Task A_cursor_the_server_did_not_issue_to_this_user_is_a_400()
    {
        var (_, alice, _) = await SeedAsync();
        using var _ = alice;
        var cursor = (await alice.ListAsync("?limit=2")).GetProperty("nextCursor").GetString()!;
        using var bob = factory.ClientFor(NotificationsApiFactory.NewUserId());

        await (await bob.GetPathAsync("api/notifications?cursor=" + Uri.EscapeDataString(cursor))).ExpectValidationAsync("cursor");
        foreach (var tampered in Tamper(cursor))
        {
            await (await alice.GetPathAsync("api/notifications?cursor=" + Uri.EscapeDataString(tampered))).ExpectValidationAsync("cursor");
        }

        // The genuine cursor still works, and cannot be combined with afterSeq.
        Assert.Equal(new long[] { 5L, 4 }, Seqs(await alice.ListAsync("?limit=2&cursor=" + Uri.EscapeDataString(cursor))));
        await (await alice.GetPathAsync("api/notifications?afterSeq=0&cursor=" + Uri.EscapeDataString(cursor))).ExpectValidationAsync();
        await (await alice.GetPathAsync("api/notifications?afterSeq=&cursor=" + Uri.EscapeDataString(cursor))).ExpectValidationAsync();
    }

    private static IEnumerable<string> Tamper(string cursor)
    {
        yield return cursor[..^1];
        yield return cursor + "A";
        yield return cursor[1..];
        foreach (var i in new[] { 0, cursor.Length / 2, cursor.Length - 1 })
        {
            var chars = cursor.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            yield return new string(chars);
        }
    }

    [Fact]
    public async Task AfterSeq_returns_later_items_oldest_first_until_has_more_is_false()
    {
        var (_, client, _) = await SeedAsync();
        using var _ = client;

        var all = await client.ListAsync("?afterSeq=0");
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], Seqs(all));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
        Assert.False(all.GetProperty("hasMore").GetBoolean());

        var seen = new List<long>();
        long after = 2;
        while (true)
        {
            var page = await client.ListAsync($"?afterSeq={after}&limit=2");
            Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
            var seqs = Seqs(page);
            seen.AddRange(seqs);
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }

            Assert.Equal(2, seqs.Length);
            after = seqs[^1];
        }

        Assert.Equal([3L, 4, 5, 6, 7], seen);
        var end = await client.ListAsync("?afterSeq=7");
        Assert.Empty(end.GetProperty("items").EnumerateArray());
        Assert.False(end.GetProperty("hasMore").GetBoolean());
        Assert.Empty((await client.ListAsync("?afterSeq=1000")).GetProperty("items").EnumerateArray());
        Assert.Equal(new long[] { 7L }, Seqs(await client.ListAsync("?afterSeq=6&cursor=")));
    }

    [Fact]
    public async Task A_deleted_notification_is_no_longer_listed()
    {
        var (_, client, created) = await SeedAsync();
        using var _ = client;
        await (await client.DeleteAsync($"api/notifications/{created[3].GetProperty("id").GetString()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal([7L, 6, 5, 3, 2, 1], (await client.WalkAsync("", 2)).SelectMany(Seqs));
        Assert.Equal(new long[] { 3L, 5, 6, 7 }, Seqs(await client.ListAsync("?afterSeq=2")));
    }
}
