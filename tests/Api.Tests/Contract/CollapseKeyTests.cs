using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, <c>collapseKey</c>: a create replaces the user's newest unread, unarchived,
/// unsnoozed notification with the key in place (same id, new seq, <c>collapsedCount</c> + 1,
/// status <c>replaced</c>), after the pipeline's every other step.
/// </summary>
public abstract class CollapseKeyTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : CollapseKeyTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : CollapseKeyTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    private async Task<JsonElement> ReplacedAsync(object body)
    {
        var answer = await (await _producer.PostCreateAsync(body)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["notification", "status"], answer.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("replaced", answer.GetProperty("status").GetString());
        return answer.GetProperty("notification");
    }

    private async Task<JsonElement> AnswerAsync(object body) =>
        await (await _producer.PostCreateAsync(body)).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_create_with_a_key_is_created_with_a_collapsed_count_of_1()
    {
        var created = await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "new_message", collapseKey = "chat:general@x.y" });
        Assert.Equal("chat:general@x.y", created.GetProperty("collapseKey").GetString());
        Assert.Equal(1, created.GetProperty("collapsedCount").GetInt32());
    }

    [Fact]
    public async Task A_create_with_the_key_of_an_unread_one_replaces_it_in_place_with_its_own_fields()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new
        {
            userId, type = "new_message", title = "one", content = "first", priority = "low", senderId = "bob", senderUsername = "Bob",
            conversationId = "c1", messageId = "m1", data = new { a = 1 }, expiresAt = "2099-01-01T00:00:00Z", collapseKey = "k",
        });
        await _producer.CreatedAsync(new { userId, type = "system" });
        await user.PatchOkAsync("api/notifications/seen", new { upToSeq = 2 });

        var second = await ReplacedAsync(new
        {
            userId, type = "message_reply", title = "<i>two</i>", content = "second", priority = "high", senderId = "carol", senderUsername = "Carol",
            senderAvatar = "https://example.test/c.png", messagePreview = "hey", conversationId = "c2", messageId = "m2", callSessionId = "s2",
            data = new { b = 2 }, expiresAt = "2098-01-01T00:00:00+01:00", collapseKey = "k",
        });

        Assert.Equal(IdOf(first), IdOf(second));
        Assert.Equal(3, SeqOf(second));
        Assert.Equal(2, second.GetProperty("collapsedCount").GetInt32());
        Assert.True(TimeOf(second.GetProperty("createdAt")) >= TimeOf(first.GetProperty("createdAt")));
        var expected = new Dictionary<string, string>
        {
            ["type"] = "\"message_reply\"", ["title"] = "\"two\"", ["content"] = "\"second\"", ["priority"] = "\"high\"", ["senderId"] = "\"carol\"",
            ["senderUsername"] = "\"Carol\"", ["senderAvatar"] = "\"https://example.test/c.png\"", ["messagePreview"] = "\"hey\"",
            ["conversationId"] = "\"c2\"", ["messageId"] = "\"m2\"", ["callSessionId"] = "\"s2\"", ["data"] = """{"b":2}""",
            ["expiresAt"] = "\"2097-12-31T23:00:00.000Z\"", ["collapseKey"] = "\"k\"", ["isRead"] = "false", ["readAt"] = "null",
            ["seenAt"] = "null", ["actions"] = "[]", ["actedAction"] = "null",
        };
        foreach (var (name, json) in expected)
        {
            Assert.True(json == second.GetProperty(name).GetRawText(), $"{name}: {second.GetProperty(name).GetRawText()}");
        }

        // One notification, at the top, and lastSeq grew.
        Assert.Equal(second.GetRawText(), (await user.GetNotificationAsync(IdOf(first))).GetRawText());
        Assert.Equal([IdOf(first)], Ids(await user.ListAsync()).Take(1));
        Assert.Equal(new long[] { 2, 2, 1, 0, 0, 3 }, await user.TallyAsync());

        var third = await ReplacedAsync(new { userId, type = "message_reply", collapseKey = "k" });
        Assert.Equal(3, third.GetProperty("collapsedCount").GetInt32());
        Assert.Equal(4, SeqOf(third));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("content").ValueKind);
    }

    [Fact]
    public async Task A_read_archived_or_snoozed_one_is_not_replaced_and_neither_is_another_key_s()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var read = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "read" });
        await user.PatchOkAsync($"api/notifications/{IdOf(read)}/read");
        var archived = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "archived" });
        await user.PatchOkAsync($"api/notifications/{IdOf(archived)}/archive");
        var snoozed = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "snoozed" });
        await user.SnoozedAsync(IdOf(snoozed), DateTimeOffset.UtcNow.AddHours(1));
        await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "other" });

        foreach (var key in new[] { "read", "archived", "snoozed", "Other", "other:" })
        {
            var created = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = key });
            Assert.Equal(1, created.GetProperty("collapsedCount").GetInt32());
        }

        Assert.Equal(1, (await user.GetNotificationAsync(IdOf(snoozed))).GetProperty("collapsedCount").GetInt32());
        Assert.Equal(new long[] { 7, 6, 6, 1, 1, 9 }, await user.TallyAsync());
    }

    [Fact]
    public async Task When_several_qualify_the_one_with_the_highest_seq_is_replaced()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var older = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" });
        await user.SnoozedAsync(IdOf(older), DateTimeOffset.UtcNow.AddHours(1));
        var newer = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" });
        Assert.NotEqual(IdOf(older), IdOf(newer));

        // Back from snooze, the older one has the highest seq of the two.
        var back = await user.PatchOkAsync($"api/notifications/{IdOf(older)}/unsnooze");
        Assert.True(SeqOf(back) > SeqOf(newer));

        var replaced = await ReplacedAsync(new { userId, type = "system", collapseKey = "k" });
        Assert.Equal(IdOf(older), IdOf(replaced));
        Assert.Equal(1, (await user.GetNotificationAsync(IdOf(newer))).GetProperty("collapsedCount").GetInt32());
    }

    [Fact]
    public async Task A_replacement_takes_the_new_actions_and_forgets_the_action_taken()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k", actions = new[] { new { id = "old", label = "Old" } } });

        // Only a return from snooze makes an acted (so read) notification unread again, hence replaceable.
        await user.SnoozedAsync(IdOf(first), DateTimeOffset.UtcNow.AddHours(1));
        await (await user.ActAsync(IdOf(first), "old")).ExpectAsync(HttpStatusCode.OK);
        var back = await user.PatchOkAsync($"api/notifications/{IdOf(first)}/unsnooze");
        Assert.Equal("old", back.GetProperty("actedAction").GetString());

        var replaced = await ReplacedAsync(new { userId, type = "system", collapseKey = "k", actions = new[] { new { id = "new", label = "New", url = "https://example.test/n" } } });
        Assert.Equal("""[{"id":"new","label":"New","url":"https://example.test/n"}]""", replaced.GetProperty("actions").GetRawText());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("actedAction").ValueKind);
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("actedAt").ValueKind);

        var plain = await ReplacedAsync(new { userId, type = "system", collapseKey = "k" });
        Assert.Equal("[]", plain.GetProperty("actions").GetRawText());
    }

    [Fact]
    public async Task A_suppressed_create_replaces_nothing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c1", collapseKey = "k" });
        await (await user.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "message_reply" }, mutedConversations = new[] { "c2" } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("""{"status":"suppressed","reason":"type_disabled"}""", (await AnswerAsync(new { userId, type = "message_reply", collapseKey = "k" })).GetRawText());
        Assert.Equal("""{"status":"suppressed","reason":"conversation_muted"}""", (await AnswerAsync(new { userId, type = "new_message", conversationId = "c2", collapseKey = "k" })).GetRawText());

        Assert.Equal(first.GetRawText(), (await user.GetNotificationAsync(IdOf(first))).GetRawText());
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task A_mention_that_replaces_counts_toward_the_mention_limit_and_a_limited_one_replaces_nothing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var sender = NotificationsApiFactory.NewUserId("sender");
        var first = await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = sender, collapseKey = "mentions" });
        for (var i = 2; i <= 5; i++)
        {
            Assert.Equal(i, (await ReplacedAsync(new { userId, type = "user_mentioned", senderId = sender, collapseKey = "mentions" })).GetProperty("collapsedCount").GetInt32());
        }

        var sixth = await AnswerAsync(new { userId, type = "user_mentioned", senderId = sender, collapseKey = "mentions", title = "sixth" });

        Assert.Equal("""{"status":"rate_limited","reason":"mention_limit"}""", sixth.GetRawText());
        var now = await user.GetNotificationAsync(IdOf(first));
        Assert.Equal(5, now.GetProperty("collapsedCount").GetInt32());
        Assert.NotEqual("sixth", now.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Every_idempotency_key_folded_into_a_notification_answers_duplicate_with_it_as_it_is_now()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k", idempotencyKey = "i1" });
        await ReplacedAsync(new { userId, type = "system", collapseKey = "k", idempotencyKey = "i2", title = "second" });
        var now = await ReplacedAsync(new { userId, type = "system", collapseKey = "k", idempotencyKey = "i3", title = "third" });

        foreach (var key in new[] { "i1", "i2", "i3" })
        {
            var retry = await AnswerAsync(new { userId, type = "system", collapseKey = "k", idempotencyKey = key, title = "retry" });
            Assert.Equal("duplicate", retry.GetProperty("status").GetString());
            Assert.Equal(now.GetRawText(), retry.GetProperty("notification").GetRawText());
        }

        Assert.Equal(3, (await user.CountsAsync()).GetProperty("lastSeq").GetInt64());

        // Once it is deleted, every one of its keys is free again.
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"api/notifications/{IdOf(first)}", Ct)).StatusCode);
        var again = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k", idempotencyKey = "i2" });
        Assert.NotEqual(IdOf(first), IdOf(again));
        Assert.Equal(1, again.GetProperty("collapsedCount").GetInt32());
    }

    [Fact]
    public async Task A_replacement_is_silent_by_the_rules_at_its_moment()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        Assert.False((await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" })).GetProperty("silent").GetBoolean());
        await (await user.PutJsonAsync("api/notifications/preferences", new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) })).ExpectAsync(HttpStatusCode.OK);

        Assert.True((await ReplacedAsync(new { userId, type = "system", collapseKey = "k" })).GetProperty("silent").GetBoolean());
        Assert.False((await ReplacedAsync(new { userId, type = "system", collapseKey = "k", priority = "urgent" })).GetProperty("silent").GetBoolean());
    }

    [Fact]
    public async Task A_batch_answers_replaced_with_its_count_and_the_replaced_id()
    {
        var (withUnread, fresh, withRead) = (NotificationsApiFactory.NewUserId(), NotificationsApiFactory.NewUserId(), NotificationsApiFactory.NewUserId());
        var existing = await _producer.CreatedAsync(new { userId = withUnread, type = "new_message", collapseKey = "digest" });
        var read = await _producer.CreatedAsync(new { userId = withRead, type = "new_message", collapseKey = "digest" });
        using (var reader = factory.ClientFor(withRead))
        {
            await reader.PatchOkAsync($"api/notifications/{IdOf(read)}/read");
        }

        var answer = await (await _producer.PostJsonAsync("api/notifications/batch", new
        {
            userIds = new[] { withUnread, fresh, withRead },
            notification = new { type = "new_message", collapseKey = "digest", title = "3 new" },
        })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, answer.GetProperty("created").GetInt32());
        Assert.Equal(1, answer.GetProperty("replaced").GetInt32());
        var results = answer.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(["replaced", "created", "created"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(IdOf(existing), results[0].GetProperty("id").GetString());
        Assert.All(results, r => Assert.Equal(["id", "status", "userId"], r.EnumerateObject().Select(p => p.Name).Order()));
        using var user = factory.ClientFor(withUnread);
        var now = await user.GetNotificationAsync(IdOf(existing));
        Assert.Equal("3 new", now.GetProperty("title").GetString());
        Assert.Equal(2, now.GetProperty("collapsedCount").GetInt32());
    }

    [Fact]
    public async Task A_broadcast_takes_no_collapse_key_and_replaces_nothing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), Roles.Admin);
        foreach (var title in new[] { "one", "two" })
        {
            var answer = await (await admin.PostJsonAsync("api/admin/broadcast", new { userIds = new[] { userId }, title, content = "c", collapseKey = "k" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(1, answer.GetProperty("created").GetInt32());
            Assert.Equal(0, answer.GetProperty("replaced").GetInt32());
        }

        using var user = factory.ClientFor(userId);
        var items = (await user.ListAsync()).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.All(items, n => Assert.Equal(JsonValueKind.Null, n.GetProperty("collapseKey").ValueKind));
    }

    [Fact]
    public async Task A_replacement_is_pushed_as_updated_with_its_new_seq_and_caught_up_once_by_after_seq()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var first = await _producer.CreatedAsync(new { userId = live.UserId, type = "new_message", collapseKey = "k" });
        await live.ChangeAsync("notification");
        await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");

        var replaced = await ReplacedAsync(new { userId = live.UserId, type = "new_message", collapseKey = "k", title = "again" });

        var (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(replaced.GetRawText(), pushed.GetRawText());
        Assert.Equal(3, SeqOf(pushed));
        Assert.Equal(new long[] { 2, 2, 2, 0, 0, 3 }, Tally(counts));
        Assert.Equal([IdOf(first)], Ids(await live.Client.ListAsync("?afterSeq=2")));
        Assert.Equal([IdOf(first)], Ids(await live.Client.ListAsync("?afterSeq=1")).Skip(1));
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task A_batch_replacement_is_pushed_as_updated_to_its_user_and_a_create_of_the_same_batch_as_a_notification()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var existing = await _producer.CreatedAsync(new { userId = live.UserId, type = "new_message", collapseKey = "digest" });
        await live.ChangeAsync("notification");

        var answer = await (await _producer.PostJsonAsync("api/notifications/batch", new
        {
            userIds = new[] { live.UserId, live.OtherUserId },
            notification = new { type = "new_message", collapseKey = "digest", title = "2 new" },
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["replaced", "created"], answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));

        var (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(IdOf(existing), IdOf(pushed));
        Assert.Equal("2 new", pushed.GetProperty("title").GetString());
        Assert.Equal(2, pushed.GetProperty("collapsedCount").GetInt32());
        Assert.Equal(pushed.GetRawText(), (await live.Client.GetNotificationAsync(IdOf(existing))).GetRawText());
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 2 }, Tally(counts));
        var created = await live.Other.NextAsync("notification");
        Assert.Equal(answer.GetProperty("results")[1].GetProperty("id").GetString(), IdOf(created));
        await live.Other.NextAsync("notification:counts");
        await live.AssertNothingElsePushedAsync(_producer);
    }

    public static TheoryData<string> InvalidKeys() =>
        ["\"\"", "\"a b\"", "\"a/b\"", "\"a#b\"", "\"clé\"", "1", "[\"k\"]", "{}", "\"\\ud800\"", $"\"{new string('k', 129)}\""];

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task An_invalid_collapse_key_is_a_400_and_stores_nothing(string key)
    {
        var userId = NotificationsApiFactory.NewUserId();
        await (await _producer.PostCreateAsync($$"""{"userId":"{{userId}}","type":"system","collapseKey":{{key}}}""")).ExpectValidationAsync("collapseKey");
        await (await _producer.PostJsonAsync("api/notifications/batch", $$$"""{"userIds":["{{{userId}}}"],"notification":{"type":"system","collapseKey":{{{key}}}}}""")).ExpectValidationAsync("notification.collapseKey");
        using var user = factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task A_key_of_128_reference_characters_is_accepted()
    {
        var key = "a.b:c@d-e_" + new string('k', 118);
        var created = await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "system", collapseKey = key });
        Assert.Equal(key, created.GetProperty("collapseKey").GetString());
    }

    [Fact]
    public async Task An_invalid_create_with_the_key_of_an_unread_one_is_a_400_and_replaces_nothing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" });

        await (await _producer.PostCreateAsync(new { userId, type = "system", collapseKey = "k", title = new string('t', 201) })).ExpectValidationAsync("title");
        await (await _producer.PostCreateAsync(new { userId, type = "system", collapseKey = "k", actions = new[] { new { id = "a b", label = "A" } } })).ExpectValidationAsync("actions[0].id");

        Assert.Equal(first.GetRawText(), (await user.GetNotificationAsync(IdOf(first))).GetRawText());
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 1 }, await user.TallyAsync());
    }

    [Fact]
    public async Task A_replacement_drops_what_the_new_create_leaves_out_as_a_create_would()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var first = await _producer.CreatedAsync(new
        {
            userId, type = "message_reply", title = "full", content = "c", priority = "urgent", senderId = "bob", senderUsername = "Bob",
            senderAvatar = "https://example.test/b.png", messagePreview = "p", conversationId = "c1", messageId = "m1", callSessionId = "s1",
            data = new { a = 1 }, expiresAt = "2099-01-01T00:00:00Z", collapseKey = "k", actions = new[] { new { id = "x", label = "X" } },
        });

        var replaced = await ReplacedAsync(new { userId, type = "system", collapseKey = "k" });
        var plain = await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "system", collapseKey = "k" });

        Assert.Equal(IdOf(first), IdOf(replaced));
        foreach (var name in NotificationProperties.Except(["id", "userId", "seq", "createdAt", "collapsedCount"]))
        {
            Assert.True(plain.GetProperty(name).GetRawText() == replaced.GetProperty(name).GetRawText(), $"{name}: replaced {replaced.GetProperty(name).GetRawText()}, a create {plain.GetProperty(name).GetRawText()}");
        }
    }

    [Fact]
    public async Task A_create_with_the_key_that_replaces_nothing_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var sender = NotificationsApiFactory.NewUserId("sender");
        var first = await _producer.CreatedAsync(new { userId = live.UserId, type = "user_mentioned", senderId = sender, collapseKey = "k", idempotencyKey = "i1" });
        await live.ChangeAsync("notification");
        for (var i = 2; i <= 5; i++)
        {
            await ReplacedAsync(new { userId = live.UserId, type = "user_mentioned", senderId = sender, collapseKey = "k" });
            await live.ChangeAsync("notification:updated");
        }

        var now = await live.Client.GetNotificationAsync(IdOf(first));
        await (await live.Client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "message_reply" } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("rate_limited", (await AnswerAsync(new { userId = live.UserId, type = "user_mentioned", senderId = sender, collapseKey = "k" })).GetProperty("status").GetString());
        Assert.Equal("suppressed", (await AnswerAsync(new { userId = live.UserId, type = "message_reply", collapseKey = "k" })).GetProperty("status").GetString());
        Assert.Equal("duplicate", (await AnswerAsync(new { userId = live.UserId, type = "user_mentioned", senderId = sender, collapseKey = "k", idempotencyKey = "i1" })).GetProperty("status").GetString());

        await live.AssertNothingElsePushedAsync(_producer);
        Assert.Equal(now.GetRawText(), (await live.Client.GetNotificationAsync(IdOf(first))).GetRawText());
    }

    [Theory]
    [InlineData("\"k\"")]
    [InlineData("\"a b\"")]
    [InlineData("\"\"")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task A_broadcast_ignores_a_collapse_key_of_any_value(string key)
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), Roles.Admin);
        await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" });

        var answer = await (await admin.PostJsonAsync("api/admin/broadcast", $$"""{"userIds":["{{userId}}"],"title":"t","content":"c","collapseKey":{{key}}}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, answer.GetProperty("created").GetInt32());
        Assert.Equal(0, answer.GetProperty("replaced").GetInt32());
        using var user = factory.ClientFor(userId);
        Assert.Equal(2, (await user.CountsAsync()).GetProperty("total").GetInt32());
    }
}
