using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, <c>POST /api/notifications/batch</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchTests(NotificationsApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    private Task<HttpResponseMessage> BatchAsync(object body) =>
        _producer.PostAsync("api/notifications/batch", body is string s ? Json(s) : Json(body), Ct);

    [Fact]
    public async Task Results_follow_the_order_of_user_ids_with_totals_and_ids_only_for_created_and_duplicate()
    {
        var users = Enumerable.Range(0, 5).Select(_ => NotificationsApiFactory.NewUserId()).ToArray();
        var (fresh, disabled, muted, mentioned, repeat) = (users[0], users[1], users[2], users[3], users[4]);
        var sender = NotificationsApiFactory.NewUserId("sender");
        using (var client = factory.ClientFor(disabled))
        {
            await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "user_mentioned" } })).ExpectAsync(HttpStatusCode.OK);
        }

        using (var client = factory.ClientFor(muted))
        {
            await (await client.PutJsonAsync("api/notifications/preferences", new { mutedConversations = new[] { "c1" } })).ExpectAsync(HttpStatusCode.OK);
        }

        for (var i = 0; i < 5; i++)
        {
            await _producer.CreatedAsync(new { userId = mentioned, type = "user_mentioned", senderId = sender });
        }

        var first = await _producer.CreatedAsync(new { userId = repeat, type = "user_mentioned", senderId = sender, idempotencyKey = "k1" });

        // Muting does not stop a mention; the mention limit and the idempotency key do.
        var answer = await (await BatchAsync(new
        {
            userIds = new[] { repeat, mentioned, disabled, muted, fresh },
            notification = new { type = "user_mentioned", senderId = sender, conversationId = "c1", title = "<b>Hi</b>", idempotencyKey = "k1" },
        })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["created", "duplicate", "rateLimited", "replaced", "results", "suppressed"], answer.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(0, answer.GetProperty("replaced").GetInt32());
        Assert.Equal(2, answer.GetProperty("created").GetInt32());
        Assert.Equal(1, answer.GetProperty("duplicate").GetInt32());
        Assert.Equal(1, answer.GetProperty("suppressed").GetInt32());
        Assert.Equal(1, answer.GetProperty("rateLimited").GetInt32());
        var results = answer.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(new[] { repeat, mentioned, disabled, muted, fresh }, results.Select(r => r.GetProperty("userId").GetString()));
        Assert.Equal(["duplicate", "rate_limited", "suppressed", "created", "created"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(first.GetProperty("id").GetString(), results[0].GetProperty("id").GetString());
        Assert.False(results[1].TryGetProperty("id", out _));
        Assert.False(results[2].TryGetProperty("id", out _));
        Assert.Equal(["id", "status", "userId"], results[3].EnumerateObject().Select(p => p.Name).Order());

        foreach (var (userId, result) in new[] { (muted, results[3]), (fresh, results[4]) })
        {
            using var client = factory.ClientFor(userId);
            var item = Assert.Single((await client.ListAsync()).GetProperty("items").EnumerateArray());
            Assert.Equal(result.GetProperty("id").GetString(), item.GetProperty("id").GetString());
            Assert.Equal(userId, item.GetProperty("userId").GetString());
            Assert.Equal("Hi", item.GetProperty("title").GetString());
            Assert.Equal("c1", item.GetProperty("conversationId").GetString());
        }

        using (var client = factory.ClientFor(disabled))
        {
            await client.AssertEmptyInboxAsync();
        }

        using (var client = factory.ClientFor(mentioned))
        {
            Assert.Equal(5, (await client.CountsAsync()).GetProperty("total").GetInt32());
        }

        // The same batch again: the created ones are duplicates now, with the same ids.
        var again = await (await BatchAsync(new
        {
            userIds = new[] { muted, fresh },
            notification = new { type = "user_mentioned", senderId = sender, conversationId = "c1", idempotencyKey = "k1" },
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, again.GetProperty("duplicate").GetInt32());
        Assert.Equal(results[3..].Select(r => r.GetProperty("id").GetString()), again.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Ten_thousand_distinct_recipients_are_accepted()
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..8] + "-";
        var userIds = Enumerable.Range(0, 10_000).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var stopwatch = Stopwatch.StartNew();
        var answer = await (await BatchAsync(new { userIds, notification = new { type = "new_message", senderId = "bob", content = "Hello everyone" } }))
            .ExpectAsync(HttpStatusCode.OK);
        stopwatch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"Batch of 10,000 recipients: {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(10_000, answer.GetProperty("created").GetInt32());
        var results = answer.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(userIds, results.Select(r => r.GetProperty("userId").GetString()));
        Assert.All(results, r => Assert.Equal("created", r.GetProperty("status").GetString()));
        Assert.Equal(10_000, results.Select(r => r.GetProperty("id").GetString()).Distinct().Count());

        foreach (var i in new[] { 0, 1, 4_999, 9_998, 9_999 })
        {
            using var client = factory.ClientFor(userIds[i]);
            var item = Assert.Single((await client.ListAsync()).GetProperty("items").EnumerateArray());
            Assert.Equal(results[i].GetProperty("id").GetString(), item.GetProperty("id").GetString());
            Assert.Equal(1, item.GetProperty("seq").GetInt64());
        }
    }

    [Fact]
    public async Task Invalid_recipient_lists_are_400s_and_create_nothing()
    {
        var a = NotificationsApiFactory.NewUserId();
        var tooMany = Enumerable.Range(0, 10_001).Select(i => $"x{i}").Prepend(a).Take(10_001).ToArray();
        var notification = new { type = "system" };

        await (await BatchAsync(new { userIds = tooMany, notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { userIds = Array.Empty<string>(), notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { userIds = "abc", notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { userIds = new[] { a, "ok-1", a }, notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { userIds = new[] { a, "not valid" }, notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { userIds = new[] { a, new string('a', 65) }, notification })).ExpectValidationAsync("userIds");
        await (await BatchAsync(new { userIds = new[] { a } })).ExpectValidationAsync("notification");
        await (await BatchAsync(new { userIds = new[] { a }, notification = new { type = "nope" } })).ExpectValidationAsync();
        await (await BatchAsync("[]")).ExpectValidationAsync();

        using var client = factory.ClientFor(a);
        await client.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task A_batch_ignores_a_user_id_inside_the_notification_and_sanitizes_per_recipient()
    {
        var a = NotificationsApiFactory.NewUserId();
        var b = NotificationsApiFactory.NewUserId();
        var answer = await (await BatchAsync($$"""
            {"userIds":["{{a}}","{{b}}"],"notification":{"userId":"someone-else","type":"contact_request","senderUsername":"Tom &amp; Jerry"},"extra":1}
            """)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, answer.GetProperty("created").GetInt32());

        foreach (var userId in new[] { a, b })
        {
            using var client = factory.ClientFor(userId);
            var item = Assert.Single((await client.ListAsync()).GetProperty("items").EnumerateArray());
            Assert.Equal(userId, item.GetProperty("userId").GetString());
            Assert.Equal("high", item.GetProperty("priority").GetString());
            Assert.Equal("Tom & Jerry", item.GetProperty("senderUsername").GetString());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("content").ValueKind);
        }
    }
}
