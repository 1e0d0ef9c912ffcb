using System.Net;
using System.Text;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, <c>POST /api/notifications</c>: shape, defaults, text rules, pipeline outcomes, 400s.</summary>
[Collection(ApiCollection.Name)]
public sealed class CreateTests(NotificationsApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task Created_is_201_with_every_notification_field_and_only_those()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var response = await _producer.PostCreateAsync(new
        {
            userId,
            type = "user_mentioned",
            title = "Bob mentioned you",
            content = "Hello there",
            priority = "high",
            senderId = "bob",
            senderUsername = "Bob",
            senderAvatar = "https://example.com/bob.png",
            messagePreview = "@alice look",
            conversationId = "c1",
            messageId = "m1",
            callSessionId = "call:1@x",
            data = new { k = 1 },
            expiresAt = "2099-01-02T03:04:05Z",
        });
        var body = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["status", "notification"], body.EnumerateObject().Select(p => p.Name).Order().Reverse());
        Assert.Equal("created", body.GetProperty("status").GetString());
        var n = body.GetProperty("notification");
        Assert.Equal(NotificationProperties.Order(), n.EnumerateObject().Select(p => p.Name).Order());

        Assert.False(string.IsNullOrEmpty(n.GetProperty("id").GetString()));
        Assert.Equal(userId, n.GetProperty("userId").GetString());
        Assert.Equal(1, n.GetProperty("seq").GetInt64());
        Assert.Equal("user_mentioned", n.GetProperty("type").GetString());
        Assert.Equal("Bob mentioned you", n.GetProperty("title").GetString());
        Assert.Equal("Hello there", n.GetProperty("content").GetString());
        Assert.Equal("high", n.GetProperty("priority").GetString());
        Assert.False(n.GetProperty("isRead").GetBoolean());
        Assert.Equal(JsonValueKind.Null, n.GetProperty("readAt").ValueKind);
        AssertTime(n.GetProperty("createdAt"));
        var createdAt = DateTimeOffset.Parse(n.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("bob", n.GetProperty("senderId").GetString());
        Assert.Equal("Bob", n.GetProperty("senderUsername").GetString());
        Assert.Equal("https://example.com/bob.png", n.GetProperty("senderAvatar").GetString());
        Assert.Equal("@alice look", n.GetProperty("messagePreview").GetString());
        Assert.Equal("c1", n.GetProperty("conversationId").GetString());
        Assert.Equal("m1", n.GetProperty("messageId").GetString());
        Assert.Equal("call:1@x", n.GetProperty("callSessionId").GetString());
        Assert.Equal("""{"k":1}""", n.GetProperty("data").GetRawText());
        Assert.Equal("2099-01-02T03:04:05.000Z", n.GetProperty("expiresAt").GetString());
        Assert.False(n.GetProperty("silent").GetBoolean());

        // GET answers the same notification, field for field.
        using var user = factory.ClientFor(userId);
        var fetched = await (await user.GetPathAsync($"api/notifications/{n.GetProperty("id").GetString()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(n.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task A_minimal_create_returns_nulls_for_every_absent_field()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var n = await _producer.CreatedAsync(new { userId, type = "system", title = "Hi" });

        Assert.Equal(NotificationProperties.Order(), n.EnumerateObject().Select(p => p.Name).Order());
        foreach (var name in new[] { "content", "readAt", "senderId", "senderUsername", "senderAvatar", "messagePreview", "conversationId", "messageId", "callSessionId", "data", "expiresAt" })
        {
            Assert.True(n.GetProperty(name).ValueKind == JsonValueKind.Null, $"{name} should be null: {n}");
        }

        Assert.Equal("Hi", n.GetProperty("title").GetString());
        Assert.Equal("normal", n.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task Every_type_gets_its_default_priority_and_a_generated_title_naming_the_sender()
    {
        var expected = new Dictionary<string, string>
        {
            ["new_message"] = "normal", ["message_reply"] = "normal", ["user_mentioned"] = "normal", ["message_reaction"] = "low",
            ["contact_request"] = "high", ["contact_accepted"] = "normal", ["new_conversation_direct"] = "normal",
            ["new_conversation_group"] = "normal", ["member_joined"] = "low", ["missed_call"] = "high", ["system"] = "normal",
        };
        Assert.Equal(Types.Order(), expected.Keys.Order());
        var userId = NotificationsApiFactory.NewUserId();

        foreach (var (type, priority) in expected)
        {
            var n = await _producer.CreatedAsync(new { userId, type, senderId = "alice-1", senderUsername = "Alice" });
            Assert.Equal(type, n.GetProperty("type").GetString());
            Assert.Equal(priority, n.GetProperty("priority").GetString());
            var title = n.GetProperty("title").GetString()!;
            Assert.False(string.IsNullOrWhiteSpace(title));
            if (type != "system")
            {
                Assert.Contains("Alice", title, StringComparison.Ordinal);
            }
        }

        var message = await _producer.CreatedAsync(new { userId, type = "new_message", senderUsername = "Alice" });
        Assert.Equal("New message from Alice", message.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_explicit_priority_overrides_the_default_on_any_type()
    {
        var userId = NotificationsApiFactory.NewUserId();
        foreach (var (type, priority) in new[] { ("message_reaction", "urgent"), ("missed_call", "low"), ("system", "high"), ("new_message", "normal") })
        {
            var n = await _producer.CreatedAsync(new { userId, type, priority });
            Assert.Equal(priority, n.GetProperty("priority").GetString());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<b></b>")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<style>p{}</style> ")]
    public async Task A_title_empty_once_sanitized_is_generated(string title)
    {
        var n = await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "new_message", title, senderUsername = "Alice" });
        Assert.Equal("New message from Alice", n.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("Tom &amp; Jerry <b>rock</b>", "Tom & Jerry rock")]
    [InlineData("Tom & Jerry rock", "Tom & Jerry rock")]
    [InlineData("<script>alert('x')</script>Hello", "Hello")]
    [InlineData("<style>b{color:red}</style>Hello <i>you</i>", "Hello you")]
    [InlineData("&lt;b&gt;bold&lt;/b&gt;", "bold")]
    [InlineData("caf&eacute; &#x2603; &#9731;", "café ☃ ☃")]
    [InlineData("5 < 6 and 7 > 3", "5 < 6 and 7 > 3")]
    public async Task Text_fields_are_reduced_to_plain_text(string sent, string expected)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var n = await _producer.CreatedAsync(new { userId, type = "new_message", title = sent, content = sent, messagePreview = sent, senderUsername = sent });

        foreach (var field in new[] { "title", "content", "messagePreview", "senderUsername" })
        {
            Assert.Equal(expected, n.GetProperty(field).GetString());
        }

        // Stored as returned.
        using var user = factory.ClientFor(userId);
        var listed = Assert.Single((await user.ListAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(n.GetRawText(), listed.GetRawText());
    }

    [Theory]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("&amp;amp;amp;amp;lt;b&amp;gt;")]
    [InlineData("<<b>b>x</b>")]
    [InlineData("<</b>/b>x &amp;#60;!-- --&amp;#62; &#60;?php &#x3C;/a")]
    [InlineData("&lt;&lt;&gt;!x &AMP;amp; &#38;#38;")]
    [InlineData("&amp;lt;i&amp;gt;x")]
    [InlineData("<!-- comment -->a<?pi?>b<!DOCTYPE html>")]
    public async Task Returned_text_never_holds_references_or_markup(string sent)
    {
        var n = await _producer.CreatedAsync(new
        {
            userId = NotificationsApiFactory.NewUserId(), type = "new_message", title = "x" + sent, content = sent, messagePreview = sent, senderUsername = sent,
        });

        foreach (var field in new[] { "title", "content", "messagePreview", "senderUsername" })
        {
            AssertPlainText(n.GetProperty(field).GetString());
        }
    }

    [Fact]
    public async Task Content_and_preview_are_cut_to_25_words_with_an_ellipsis()
    {
        var words = Enumerable.Range(1, 30).Select(i => "w" + i).ToArray();
        var sent = string.Join("  \n", words);
        var expected = string.Join(' ', words.Take(25)) + "\u2026";
        var userId = NotificationsApiFactory.NewUserId();

        var n = await _producer.CreatedAsync(new { userId, type = "new_message", content = sent, messagePreview = sent });
        Assert.Equal(expected, n.GetProperty("content").GetString());
        Assert.Equal(expected, n.GetProperty("messagePreview").GetString());

        var exactly25 = string.Join("  ", words.Take(25));
        var kept = await _producer.CreatedAsync(new { userId, type = "new_message", content = exactly25, messagePreview = "one  two\tthree" });
        Assert.Equal(exactly25, kept.GetProperty("content").GetString());
        Assert.Equal("one  two\tthree", kept.GetProperty("messagePreview").GetString());

        var twentySix = string.Join(' ', words.Take(26));
        var cut = await _producer.CreatedAsync(new { userId, type = "new_message", content = twentySix });
        Assert.Equal(string.Join(' ', words.Take(25)) + "\u2026", cut.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Data_round_trips_exactly()
    {
        const string data = """{"a":[1,2.50,{"b":null}],"c":"caf\u00e9 é","n":1e3,"t":true,"nested":{"x":{"y":[]}},"s":"<b>kept</b> &amp;"}""";
        var userId = NotificationsApiFactory.NewUserId();
        var body = $$"""{"userId":"{{userId}}","type":"system","data":{{data}}}""";

        var n = await _producer.CreatedAsync(body);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(data).RootElement, n.GetProperty("data")), n.GetProperty("data").GetRawText());
        Assert.Equal(data, n.GetProperty("data").GetRawText());

        using var user = factory.ClientFor(userId);
        var fetched = await (await user.GetPathAsync($"api/notifications/{n.GetProperty("id").GetString()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(data, fetched.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Times_are_utc_with_milliseconds_and_z()
    {
        var n = await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "system", expiresAt = "2099-06-01T12:30:00.1234567+02:00" });
        Assert.Equal("2099-06-01T10:30:00.123Z", n.GetProperty("expiresAt").GetString());
        AssertTime(n.GetProperty("createdAt"));
    }

    [Fact]
    public async Task Title_length_counts_code_points()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var emoji200 = string.Concat(Enumerable.Repeat("\U0001F600", 200));
        Assert.Equal(emoji200, (await _producer.CreatedAsync(new { userId, type = "system", title = emoji200 })).GetProperty("title").GetString());

        await (await _producer.PostCreateAsync(new { userId, type = "system", title = emoji200 + "a" })).ExpectValidationAsync("title");

        // Counted after JSON unescaping: 200 escapes of 6 bytes each are 200 code points.
        var escaped = string.Concat(Enumerable.Repeat("\\u0041", 200));
        Assert.Equal(new string('A', 200), (await _producer.CreatedAsync($$"""{"userId":"{{userId}}","type":"system","title":"{{escaped}}"}""")).GetProperty("title").GetString());

        // Counted before sanitizing: 200 code points of which 7 are markup still fit; 201 do not.
        var marked = "<b>" + new string('t', 193) + "</b>";
        Assert.Equal(new string('t', 193), (await _producer.CreatedAsync(new { userId, type = "system", title = marked })).GetProperty("title").GetString());

        var avatar = "https://example.com/" + new string('a', 2048 - 20);
        Assert.Equal(avatar, (await _producer.CreatedAsync(new { userId, type = "system", senderAvatar = avatar })).GetProperty("senderAvatar").GetString());

        using var user = factory.ClientFor(userId);
        Assert.Equal(4, (await user.CountsAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_duplicate_with_the_first_even_after_preferences_change()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var body = new { userId, type = "new_message", conversationId = "c1", title = "First", idempotencyKey = "key-1" };
        var first = await _producer.CreatedAsync(body);

        await (await user.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "new_message" }, mutedConversations = new[] { "c1" } }))
            .ExpectAsync(HttpStatusCode.OK);
        var again = await (await _producer.PostCreateAsync(body with { title = "Second" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("duplicate", again.GetProperty("status").GetString());
        Assert.Equal(["notification", "status"], again.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(first.GetRawText(), again.GetProperty("notification").GetRawText());
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("lastSeq").GetInt64());

        // Another user's key space is separate.
        var other = NotificationsApiFactory.NewUserId();
        await _producer.CreatedAsync(body with { userId = other });
    }

    [Fact]
    public async Task A_key_is_free_again_once_its_notification_is_deleted()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "system", idempotencyKey = "k" });
        await (await user.DeleteAsync($"api/notifications/{first.GetProperty("id").GetString()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var second = await _producer.CreatedAsync(new { userId, type = "system", idempotencyKey = "k" });
        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal(2, second.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_disabled_type_is_suppressed_stores_nothing_and_reserves_no_key()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        await (await user.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "message_reaction" } })).ExpectAsync(HttpStatusCode.OK);

        var answer = await (await _producer.PostCreateAsync(new { userId, type = "message_reaction", idempotencyKey = "k1" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("""{"status":"suppressed","reason":"type_disabled"}""", answer.GetRawText());
        await user.AssertEmptyInboxAsync();

        await (await user.PutJsonAsync("api/notifications/preferences", new { })).ExpectAsync(HttpStatusCode.OK);
        var created = await _producer.CreatedAsync(new { userId, type = "message_reaction", idempotencyKey = "k1" });
        Assert.Equal(1, created.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_muted_conversation_suppresses_only_message_types_in_it()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        await (await user.PutJsonAsync("api/notifications/preferences", new { mutedConversations = new[] { "c-muted" } })).ExpectAsync(HttpStatusCode.OK);
        string[] mutable = ["new_message", "message_reply", "message_reaction", "member_joined"];

        foreach (var type in Types)
        {
            var response = await _producer.PostCreateAsync(new { userId, type, conversationId = "c-muted", senderId = "bob", idempotencyKey = "k-" + type });
            if (mutable.Contains(type))
            {
                Assert.Equal("""{"status":"suppressed","reason":"conversation_muted"}""", (await response.ExpectAsync(HttpStatusCode.OK)).GetRawText());
            }
            else
            {
                Assert.Equal("created", (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("status").GetString());
            }

            // The same types in another conversation pass.
            await _producer.CreatedAsync(new { userId, type, conversationId = "c-other" });
        }

        var counts = await user.CountsAsync();
        Assert.Equal((2 * Types.Length) - mutable.Length, counts.GetProperty("total").GetInt32());
        Assert.Equal(counts.GetProperty("total").GetInt32(), counts.GetProperty("lastSeq").GetInt64());

        // The keys of the suppressed creates were not reserved.
        await (await user.PutJsonAsync("api/notifications/preferences", new { })).ExpectAsync(HttpStatusCode.OK);
        await _producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c-muted", idempotencyKey = "k-new_message" });
    }

    [Fact]
    public async Task The_sixth_mention_from_one_sender_within_a_minute_is_rate_limited_and_stores_nothing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var sender = NotificationsApiFactory.NewUserId("sender");
        using var user = factory.ClientFor(userId);
        for (var i = 0; i < 5; i++)
        {
            await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = sender });
        }

        var before = await user.CountsAsync();
        var answer = await (await _producer.PostCreateAsync(new { userId, type = "user_mentioned", senderId = sender, idempotencyKey = "mention-6" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("""{"status":"rate_limited","reason":"mention_limit"}""", answer.GetRawText());
        Assert.Equal(before.GetRawText(), (await user.CountsAsync()).GetRawText());
        Assert.Equal(5, (await user.ListAsync()).GetProperty("items").GetArrayLength());

        // Another sender, another recipient and other types are not limited; the key was not reserved.
        await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = NotificationsApiFactory.NewUserId("sender") });
        await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "user_mentioned", senderId = sender });
        var reused = await _producer.CreatedAsync(new { userId, type = "new_message", senderId = sender, idempotencyKey = "mention-6" });
        Assert.Equal(7, reused.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Only_created_mentions_count_toward_the_five()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var sender = NotificationsApiFactory.NewUserId("sender");
        using var user = factory.ClientFor(userId);
        await (await user.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "user_mentioned" } })).ExpectAsync(HttpStatusCode.OK);
        for (var i = 0; i < 6; i++)
        {
            var suppressed = await (await _producer.PostCreateAsync(new { userId, type = "user_mentioned", senderId = sender })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("suppressed", suppressed.GetProperty("status").GetString());
        }

        await (await user.PutJsonAsync("api/notifications/preferences", new { })).ExpectAsync(HttpStatusCode.OK);
        await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = sender, idempotencyKey = "m" });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("duplicate", (await (await _producer.PostCreateAsync(new { userId, type = "user_mentioned", senderId = sender, idempotencyKey = "m" }))
                .ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        for (var i = 0; i < 4; i++)
        {
            await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = sender });
        }

        Assert.Equal("rate_limited", (await (await _producer.PostCreateAsync(new { userId, type = "user_mentioned", senderId = sender }))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_duplicate_wins_over_the_mention_limit()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var sender = NotificationsApiFactory.NewUserId("sender");
        var first = await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = sender, idempotencyKey = "m0" });
        for (var i = 1; i < 5; i++)
        {
            await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = sender });
        }

        var again = await (await _producer.PostCreateAsync(new { userId, type = "user_mentioned", senderId = sender, idempotencyKey = "m0" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("duplicate", again.GetProperty("status").GetString());
        Assert.Equal(first.GetRawText(), again.GetProperty("notification").GetRawText());
    }

    public static TheoryData<string, string> InvalidBodies()
    {
        const string u = "USER";
        var deep33 = string.Concat(Enumerable.Repeat("[", 32)) + string.Concat(Enumerable.Repeat("]", 32));
        return new TheoryData<string, string>
        {
            { $$"""{"userId":"{{u}}","type":"bogus"}""", "type" },
            { $$"""{"userId":"{{u}}","type":"New_Message"}""", "type" },
            { $$"""{"userId":"{{u}}"}""", "type" },
            { $$"""{"userId":"{{u}}","type":"system","title":"{{new string('t', 201)}}"}""", "title" },
            { $$"""{"userId":"{{u}}","type":"system","title":"<b>{{new string('t', 194)}}</b>"}""", "title" },
            { $$"""{"userId":"{{u}}","type":"system","senderAvatar":"https://example.com/{{new string('a', 2049 - 20)}}"}""", "senderAvatar" },
            { $$"""{"userId":"{{u}}","type":"system","content":"{{new string('c', 1001)}}"}""", "content" },
            { $$"""{"userId":"{{u}}","type":"system","messagePreview":"{{new string('c', 1001)}}"}""", "messagePreview" },
            { $$"""{"userId":"{{u}}","type":"system","senderUsername":"{{new string('s', 101)}}"}""", "senderUsername" },
            { $$"""{"userId":"{{u}}","type":"system","priority":"critical"}""", "priority" },
            { $$"""{"userId":"{{u}}","type":"system","title":42}""", "title" },
            { $$"""{"userId":"{{u}}","type":"system","data":[1]}""", "data" },
            { $$"""{"userId":"{{u}}","type":"system","data":"text"}""", "data" },
            { $$$"""{"userId":"{{{u}}}","type":"system","data":{"k":"{{{new string('x', 10_233)}}}"}}""", "data" },
            { $$$"""{"userId":"{{{u}}}","type":"system","data":{"k":{{{deep33}}}}}""", "data" },
            { $$"""{"userId":"{{u}}","type":"system","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt" },
            { $$"""{"userId":"{{u}}","type":"system","expiresAt":"2099-01-01T00:00:00"}""", "expiresAt" },
            { $$"""{"userId":"{{u}}","type":"system","expiresAt":"tomorrow"}""", "expiresAt" },
            { $$"""{"userId":"{{u}}","type":"system","senderAvatar":"javascript:alert(1)"}""", "senderAvatar" },
            { $$"""{"userId":"{{u}}","type":"system","senderAvatar":"ftp://example.com/a.png"}""", "senderAvatar" },
            { $$"""{"userId":"{{u}}","type":"system","senderAvatar":"/relative.png"}""", "senderAvatar" },
            { $$"""{"userId":"{{u}}","type":"system","senderId":"b o b"}""", "senderId" },
            { $$"""{"userId":"{{u}}","type":"system","conversationId":"c/1"}""", "conversationId" },
            { $$"""{"userId":"{{u}}","type":"system","messageId":"{{new string('m', 129)}}"}""", "messageId" },
            { $$"""{"userId":"{{u}}","type":"system","callSessionId":""}""", "callSessionId" },
            { $$"""{"userId":"{{u}}","type":"system","idempotencyKey":""}""", "idempotencyKey" },
            { $$"""{"userId":"{{u}}","type":"system","idempotencyKey":"{{new string('k', 129)}}"}""", "idempotencyKey" },
            { $$"""{"userId":"{{u}}","type":"system","title":"\ud800"}""", "title" },
            { $$"""{"userId":"{{u}}","type":"system","content":"a\udc00b"}""", "content" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_field_is_a_400_keyed_by_field_and_nothing_is_stored(string template, string field)
    {
        var userId = NotificationsApiFactory.NewUserId();
        await (await _producer.PostCreateAsync(template.Replace("USER", userId, StringComparison.Ordinal))).ExpectValidationAsync(field);

        using var user = factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task An_invalid_user_id_is_a_400_keyed_by_user_id()
    {
        foreach (var userId in new object?[] { "a b", "", 42, new string('a', 65), "caf\u00e9", "a.b", null })
        {
            await (await _producer.PostCreateAsync(new { userId, type = "system" })).ExpectValidationAsync("userId");
        }

        await (await _producer.PostCreateAsync("""{"type":"system"}""")).ExpectValidationAsync("userId");
        var longest = NotificationsApiFactory.NewUserId("u_") + new string('-', 29);
        Assert.Equal(64, longest.Length);
        await _producer.CreatedAsync(new { userId = longest, type = "system" });
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("{\"userId\":\"USER\",\"type\":\"system\"")]
    [InlineData("{'userId':'USER','type':'system'}")]
    [InlineData("{\"userId\":\"USER\",\"type\":\"system\"} {}")]
    [InlineData("")]
    public async Task A_body_that_is_not_one_json_object_is_a_400_with_errors(string body)
    {
        var userId = NotificationsApiFactory.NewUserId();
        await (await _producer.PostCreateAsync(body.Replace("USER", userId, StringComparison.Ordinal))).ExpectValidationAsync();
        using var user = factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var bytes = Encoding.UTF8.GetBytes($$"""{"userId":"{{userId}}","type":"system","title":"X"}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        await (await _producer.PostAsync("api/notifications", content, Ct)).ExpectValidationAsync();
        using var user = factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task Data_limits_are_inclusive_10_kb_and_32_levels()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var prefix = """{"k":""";
        var padding = new string('x', 10_240 - prefix.Length - 3);
        var data = prefix + "\"" + padding + "\"}";
        Assert.Equal(10_240, Encoding.UTF8.GetByteCount(data));
        var n = await _producer.CreatedAsync($$"""{"userId":"{{userId}}","type":"system","data":{{data}}}""");
        Assert.Equal(data, n.GetProperty("data").GetRawText());

        var one = data.Replace("\"}", "x\"}", StringComparison.Ordinal);
        await (await _producer.PostCreateAsync($$"""{"userId":"{{userId}}","type":"system","data":{{one}}}""")).ExpectValidationAsync("data");

        var deep32 = "{\"k\":" + string.Concat(Enumerable.Repeat("[", 31)) + string.Concat(Enumerable.Repeat("]", 31)) + "}";
        await _producer.CreatedAsync($$"""{"userId":"{{userId}}","type":"system","data":{{deep32}}}""");
        await _producer.CreatedAsync($$$"""{"userId":"{{{userId}}}","type":"system","data":{}}""");
    }

    [Fact]
    public async Task Unknown_properties_are_ignored_and_null_means_absent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var n = await _producer.CreatedAsync($$"""
            {"userId":"{{userId}}","type":"system","titel":"ignored","extra":{"deep":[1,2]},"content":null,"priority":null,"senderAvatar":null,"data":null}
            """);
        Assert.Equal(JsonValueKind.Null, n.GetProperty("content").ValueKind);
        Assert.Equal(JsonValueKind.Null, n.GetProperty("data").ValueKind);
        Assert.Equal("normal", n.GetProperty("priority").GetString());
        Assert.NotEqual("ignored", n.GetProperty("title").GetString());
    }
}
