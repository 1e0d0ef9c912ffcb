using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class CreateNotificationReaderTests
{
    private static ReadResult<CreateNotificationRequest> Read(string json) => CreateNotificationReader.Read(Parse(json), Now);

    /// <summary>A minimal valid body with one field replaced or added (raw JSON value).</summary>
    private static ReadResult<CreateNotificationRequest> With(string field, string rawValue) =>
        Read($$"""{ "userId": "alice", "type": "new_message", "{{field}}": {{rawValue}} }""");

    [Fact]
    public void Minimal_body()
    {
        var request = AssertValid(Read("""{ "userId": "alice", "type": "user_mentioned" }"""));

        Assert.Equal("alice", request.UserId);
        Assert.Equal(new NotificationDraft { Type = NotificationType.UserMentioned }, request.Draft);
        Assert.Null(request.Draft.Priority);
        Assert.Null(request.Draft.Title);
        Assert.Null(request.Draft.Content);
    }

    [Fact]
    public void Full_body()
    {
        var request = AssertValid(Read("""
            {
              "userId": "alice", "type": "message_reply", "title": "Tom &amp; Jerry <b>rock</b>", "content": "hi",
              "priority": "urgent", "senderId": "bob", "senderUsername": "Bob", "senderAvatar": "https://cdn.example.com/a.png?s=1",
              "messagePreview": "preview", "conversationId": "c1", "messageId": "m:1@x", "callSessionId": "call.9",
              "data": { "k": [1, {"x": null}] , "s": "v" }, "expiresAt": "2026-11-25T12:30:45.1234567+02:00",
              "idempotencyKey": "key-1", "unknown": { "deep": [[[[]]]] }
            }
            """));

        Assert.Equal(new NotificationDraft
        {
            Type = NotificationType.MessageReply,
            Title = "Tom &amp; Jerry <b>rock</b>",
            Content = "hi",
            Priority = NotificationPriority.Urgent,
            SenderId = "bob",
            SenderUsername = "Bob",
            SenderAvatar = "https://cdn.example.com/a.png?s=1",
            MessagePreview = "preview",
            ConversationId = "c1",
            MessageId = "m:1@x",
            CallSessionId = "call.9",
            DataJson = """{ "k": [1, {"x": null}] , "s": "v" }""",
            ExpiresAt = new DateTimeOffset(2026, 11, 25, 10, 30, 45, 123, TimeSpan.Zero),
            IdempotencyKey = "key-1",
        }, request.Draft);
    }

    [Fact]
    public void Nulls_are_absent()
    {
        var request = AssertValid(Read("""
            { "userId": "alice", "type": "system", "title": null, "content": null, "priority": null, "senderId": null,
              "senderUsername": null, "senderAvatar": null, "messagePreview": null, "conversationId": null,
              "messageId": null, "callSessionId": null, "data": null, "expiresAt": null, "idempotencyKey": null }
            """));

        Assert.Equal(new NotificationDraft { Type = NotificationType.System }, request.Draft);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("42")]
    public void Root_must_be_an_object(string json) => AssertOnlyError(Read(json), "$");

    [Fact]
    public void Errors_are_reported_for_every_field_at_once()
    {
        var result = Read("""{ "userId": 1, "type": "nope", "title": 5, "priority": "URGENT", "data": [], "conversationId": "" }""");

        Assert.Equal(
            ["conversationId", "data", "priority", "title", "type", "userId"],
            result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{ "type": "system" }""")]
    [InlineData("""{ "userId": null, "type": "system" }""")]
    [InlineData("""{ "userId": "", "type": "system" }""")]
    [InlineData("""{ "userId": "a b", "type": "system" }""")]
    [InlineData("""{ "userId": 7, "type": "system" }""")]
    [InlineData("""{ "userId": ["a"], "type": "system" }""")]
    [InlineData("""{ "UserId": "alice", "type": "system" }""")]
    [InlineData("""{ "userId": "alice", "userId": "bob", "type": "system" }""")]
    public void User_id_is_required_and_well_formed(string json) => AssertOnlyError(Read(json), "userId");

    [Fact]
    public void User_id_of_64_characters() =>
        AssertValid(Read($$"""{ "userId": "{{new string('u', 64)}}", "type": "system" }"""));

    [Fact]
    public void User_id_of_65_characters() =>
        AssertOnlyError(Read($$"""{ "userId": "{{new string('u', 65)}}", "type": "system" }"""), "userId");

    [Theory]
    [InlineData("new_message", NotificationType.NewMessage)]
    [InlineData("message_reply", NotificationType.MessageReply)]
    [InlineData("user_mentioned", NotificationType.UserMentioned)]
    [InlineData("message_reaction", NotificationType.MessageReaction)]
    [InlineData("contact_request", NotificationType.ContactRequest)]
    [InlineData("contact_accepted", NotificationType.ContactAccepted)]
    [InlineData("new_conversation_direct", NotificationType.NewConversationDirect)]
    [InlineData("new_conversation_group", NotificationType.NewConversationGroup)]
    [InlineData("member_joined", NotificationType.MemberJoined)]
    [InlineData("missed_call", NotificationType.MissedCall)]
    [InlineData("system", NotificationType.System)]
    public void Every_type_name(string name, NotificationType type) =>
        Assert.Equal(type, AssertValid(Read($$"""{ "userId": "alice", "type": "{{name}}" }""")).Draft.Type);

    [Theory]
    [InlineData("""{ "userId": "alice" }""")]
    [InlineData("""{ "userId": "alice", "type": null }""")]
    [InlineData("""{ "userId": "alice", "type": "" }""")]
    [InlineData("""{ "userId": "alice", "type": "NewMessage" }""")]
    [InlineData("""{ "userId": "alice", "type": "NEW_MESSAGE" }""")]
    [InlineData("""{ "userId": "alice", "type": " new_message" }""")]
    [InlineData("""{ "userId": "alice", "type": "0" }""")]
    [InlineData("""{ "userId": "alice", "type": 0 }""")]
    [InlineData("""{ "userId": "alice", "type": "new-message" }""")]
    public void Type_is_required_and_exact(string json) => AssertOnlyError(Read(json), "type");

    [Theory]
    [InlineData("low", NotificationPriority.Low)]
    [InlineData("normal", NotificationPriority.Normal)]
    [InlineData("high", NotificationPriority.High)]
    [InlineData("urgent", NotificationPriority.Urgent)]
    public void Priorities(string name, NotificationPriority priority) =>
        Assert.Equal(priority, AssertValid(With("priority", $"\"{name}\"")).Draft.Priority);

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"High\"")]
    [InlineData("\"critical\"")]
    [InlineData("2")]
    [InlineData("true")]
    public void Priority_must_be_a_known_name(string raw) => AssertOnlyError(With("priority", raw), "priority");

    [Theory]
    [InlineData("title", 200)]
    [InlineData("content", 1000)]
    [InlineData("messagePreview", 1000)]
    [InlineData("senderUsername", 100)]
    public void Text_limits_in_code_points(string field, int max)
    {
        Assert.True(With(field, Str(new string('a', max))).IsValid);
        AssertOnlyError(With(field, Str(new string('a', max + 1))), field);

        // Astral characters count once although they take two UTF-16 units (and four UTF-8 bytes).
        var astral = string.Concat(Enumerable.Repeat("\U0001F600", max));
        Assert.Equal(max, AssertValid(With(field, Str(astral))).Draft switch
        {
            var d => (field switch
            {
                "title" => d.Title,
                "content" => d.Content,
                "messagePreview" => d.MessagePreview,
                _ => d.SenderUsername,
            })!.Length / 2,
        });
        AssertOnlyError(With(field, Str(astral + "\U0001F600")), field);
        AssertOnlyError(With(field, Str(astral + "a")), field);

        // Escapes count after unescaping: "\u0041" is one code point.
        Assert.True(With(field, "\"" + string.Concat(Enumerable.Repeat("\\u0041", max)) + "\"").IsValid);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("content")]
    [InlineData("messagePreview")]
    [InlineData("senderUsername")]
    public void Empty_text_is_allowed(string field) => Assert.True(With(field, "\"\"").IsValid);

    [Theory]
    [InlineData("title")]
    [InlineData("content")]
    [InlineData("messagePreview")]
    [InlineData("senderUsername")]
    [InlineData("idempotencyKey")]
    [InlineData("senderAvatar")]
    [InlineData("conversationId")]
    public void Text_of_another_kind_is_refused(string field)
    {
        AssertOnlyError(With(field, "12"), field);
        AssertOnlyError(With(field, "true"), field);
        AssertOnlyError(With(field, "{}"), field);
        AssertOnlyError(With(field, "[\"a\"]"), field);
    }

    [Theory]
    [InlineData("title", "\"\\ud800\"")]
    [InlineData("title", "\"a\\udc00b\"")]
    [InlineData("content", "\"\\ud83d\\ud83d\"")]
    [InlineData("messagePreview", "\"x\\ud800\"")]
    [InlineData("senderUsername", "\"\\udfff\\ud800\"")]
    [InlineData("idempotencyKey", "\"\\ud800\"")]
    [InlineData("userId", "\"\\ud800\"")]
    [InlineData("conversationId", "\"\\ud800\"")]
    [InlineData("senderAvatar", "\"https://x/\\ud800\"")]
    [InlineData("expiresAt", "\"\\ud800\"")]
    public void Lone_surrogates_are_refused(string field, string raw)
    {
        var json = field == "userId"
            ? $$"""{ "userId": {{raw}}, "type": "system" }"""
            : $$"""{ "userId": "alice", "type": "new_message", "{{field}}": {{raw}} }""";
        AssertOnlyError(Read(json), field);
    }

    [Fact]
    public void A_valid_surrogate_pair_escape_is_accepted() =>
        Assert.Equal("\U0001F600", AssertValid(With("title", "\"\\ud83d\\ude00\"")).Draft.Title);

    [Theory]
    [InlineData("senderId", "bob_1-X")]
    [InlineData("conversationId", "conv:1@team.x_y-z")]
    [InlineData("messageId", "m1")]
    [InlineData("callSessionId", "call-1")]
    public void Ids_well_formed(string field, string value) => Assert.True(With(field, Str(value)).IsValid);

    [Theory]
    [InlineData("senderId", "")]
    [InlineData("senderId", "bob.1")]
    [InlineData("senderId", "bob@x")]
    [InlineData("conversationId", "")]
    [InlineData("conversationId", "c 1")]
    [InlineData("conversationId", "c/1")]
    [InlineData("messageId", "m#1")]
    [InlineData("callSessionId", "é")]
    public void Ids_malformed(string field, string value) => AssertOnlyError(With(field, Str(value)), field);

    [Fact]
    public void Id_lengths()
    {
        Assert.True(With("senderId", Str(new string('s', 64))).IsValid);
        AssertOnlyError(With("senderId", Str(new string('s', 65))), "senderId");
        foreach (var field in new[] { "conversationId", "messageId", "callSessionId" })
        {
            Assert.True(With(field, Str(new string('r', 128))).IsValid);
            AssertOnlyError(With(field, Str(new string('r', 129))), field);
        }
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("https://example.com/a/b.png?x=1&y=2#f")]
    [InlineData("HTTPS://EXAMPLE.COM/A.PNG")]
    [InlineData("https://user@example.com:8443/a%20b")]
    [InlineData("https://[::1]/a")]
    [InlineData("https://例え.jp/画像.png")]
    public void Avatar_urls_accepted(string url) => Assert.Equal(url, AssertValid(With("senderAvatar", Str(url))).Draft.SenderAvatar);

    [Theory]
    [InlineData("")]
    [InlineData("example.com/a.png")]
    [InlineData("/relative/a.png")]
    [InlineData("//example.com/a.png")]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("http:example.com")]
    [InlineData("http:/example.com")]
    [InlineData("https://")]
    [InlineData("https:///path")]
    [InlineData(" https://example.com")]
    [InlineData("https://example.com/a b")]
    [InlineData("https://example.com/\"onerror=\"x")]
    [InlineData("https://example.com/<script>")]
    [InlineData("https://example.com/\ta")]
    [InlineData("https://exa mple.com")]
    public void Avatar_urls_refused(string url) => AssertOnlyError(With("senderAvatar", Str(url)), "senderAvatar");

    [Fact]
    public void Avatar_url_length()
    {
        var prefix = "https://example.com/";
        Assert.True(With("senderAvatar", Str(prefix + new string('a', 2048 - prefix.Length))).IsValid);
        AssertOnlyError(With("senderAvatar", Str(prefix + new string('a', 2049 - prefix.Length))), "senderAvatar");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "a": 1, "b": "x", "c": [true, null, 1.5e3], "d": {} }""")]
    [InlineData("""{"a":[1]}""")]
    public void Data_objects(string data) => Assert.Equal(data, AssertValid(With("data", data)).Draft.DataJson);

    [Theory]
    [InlineData("[]")]
    [InlineData("[{}]")]
    [InlineData("\"{}\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void Data_must_be_an_object(string data) => AssertOnlyError(With("data", data), "data");

    [Fact]
    public void Data_size_in_utf8_bytes_as_sent()
    {
        // {"k":"…"} is 8 bytes of framing.
        Assert.True(With("data", $$"""{"k":"{{new string('a', 10_240 - 8)}}"}""").IsValid);
        AssertOnlyError(With("data", $$"""{"k":"{{new string('a', 10_241 - 8)}}"}"""), "data");

        // "é" is 2 bytes of UTF-8: 5,116 of them make 10,232 bytes.
        Assert.True(With("data", $$"""{"k":"{{new string('é', 5_116)}}"}""").IsValid);
        AssertOnlyError(With("data", $$"""{"k":"{{new string('é', 5_116)}}a"}"""), "data");

        // Whitespace and escapes count as sent.
        Assert.True(With("data", $$"""{"k":"a"{{new string(' ', 10_240 - 9)}}}""").IsValid);
        AssertOnlyError(With("data", $$"""{"k":"a"{{new string(' ', 10_241 - 9)}}}"""), "data");
        // 1,705 six-byte escapes + 2 letters + 8 bytes of framing = 10,240 bytes.
        var escapes = string.Concat(Enumerable.Repeat("\\u0041", 1_705));
        Assert.True(With("data", $$"""{"k":"{{escapes}}aa"}""").IsValid);
        AssertOnlyError(With("data", $$"""{"k":"{{escapes}}aaa"}"""), "data");
    }

    [Fact]
    public void Data_raw_text_is_kept_exactly()
    {
        const string data = "{ \"k\" :\n [ 1 , \"\\u00e9\\n\" ] }";
        Assert.Equal(data, AssertValid(With("data", data)).Draft.DataJson);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(32)]
    public void Data_depth_up_to_32(int depth)
    {
        Assert.True(With("data", NestedObjects(depth)).IsValid);
        Assert.True(With("data", NestedArrays(depth)).IsValid);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(34)]
    [InlineData(60)]
    public void Data_depth_over_32(int depth)
    {
        AssertOnlyError(With("data", NestedObjects(depth)), "data");
        AssertOnlyError(With("data", NestedArrays(depth)), "data");
    }

    [Fact]
    public void Data_depth_counts_the_deepest_branch()
    {
        var deep = "{ \"flat\": 1, \"deep\": " + NestedObjects(32) + " }";
        AssertOnlyError(With("data", deep), "data");
        var wide = "{ \"a\": " + NestedObjects(31) + ", \"b\": " + NestedObjects(31) + " }";
        Assert.True(With("data", wide).IsValid);
    }

    [Theory]
    [InlineData("""{ "k": "\ud800" }""")]
    [InlineData("""{ "\ud800": 1 }""")]
    [InlineData("""{ "a": [ { "b": "x\udc00" } ] }""")]
    [InlineData("""{ "a": { "\udbff\udbff": null } }""")]
    public void Data_with_lone_surrogates_is_refused(string data) => AssertOnlyError(With("data", data), "data");

    [Fact]
    public void Data_with_valid_escapes_is_accepted() =>
        Assert.True(With("data", """{ "\ud83d\ude00": "\ud83d\ude00", "nul": "\u0000" }""").IsValid);

    [Theory]
    [InlineData("2026-11-24T10:00:00.001Z", "2026-11-24T10:00:00.001Z")]
    [InlineData("2026-11-24T11:00:01+01:00", "2026-11-24T10:00:01.000Z")]
    [InlineData("2026-11-24T05:00:00.5-05:00", "2026-11-24T10:00:00.500Z")]
    [InlineData("2026-11-25t00:00z", "2026-11-25T00:00:00.000Z")]
    [InlineData("2026-11-24T10:00:00.0019999Z", "2026-11-24T10:00:00.001Z")]
    [InlineData("2026-11-24T10:00:00.123456789Z", "2026-11-24T10:00:00.123Z")]
    [InlineData("2027-01-01T00:00:00+14:00", "2026-12-31T10:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z")]
    public void Expires_at_is_utc_truncated_to_milliseconds(string value, string expected)
    {
        var expiresAt = AssertValid(With("expiresAt", Str(value))).Draft.ExpiresAt;

        Assert.Equal(TimeSpan.Zero, expiresAt!.Value.Offset);
        Assert.Equal(expected, expiresAt.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T10:00:00.0009Z")]
    [InlineData("2026-11-24T11:00:00+02:00")]
    [InlineData("2020-01-01T00:00:00Z")]
    public void Expires_at_must_be_strictly_in_the_future(string value) => AssertOnlyError(With("expiresAt", Str(value)), "expiresAt");

    [Theory]
    [InlineData("2026-11-25T10:00:00")]
    [InlineData("2026-11-25")]
    [InlineData("2026-11-25 10:00:00Z")]
    [InlineData("2026-11-25T10:00:00+0100")]
    [InlineData("2026-11-25T10:00:00+01")]
    [InlineData("2026-11-25T10:00:00 Z")]
    [InlineData("2026-11-25T25:00:00Z")]
    [InlineData("2026-11-25T24:00:00Z")]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2026-11-25T10:00:60Z")]
    [InlineData("2026-11-25T10:00:00+15:00")]
    [InlineData("2026-11-25T10:00:00.Z")]
    [InlineData("2026-11-25T10:00:00.1234567890Z")]
    [InlineData("+2026-11-25T10:00:00Z")]
    [InlineData("Wed, 25 Nov 2026 10:00:00 GMT")]
    [InlineData("1795600000")]
    [InlineData("")]
    [InlineData("２０２６-11-25T10:00:00Z")]
    public void Expires_at_must_be_iso_8601_with_a_zone(string value) => AssertOnlyError(With("expiresAt", Str(value)), "expiresAt");

    [Fact]
    public void Expires_at_as_a_number_is_refused() => AssertOnlyError(With("expiresAt", "1795600000"), "expiresAt");

    [Fact]
    public void Idempotency_key_length()
    {
        AssertOnlyError(With("idempotencyKey", "\"\""), "idempotencyKey");
        AssertOnlyError(With("idempotencyKey", "\"a\\u0000b\""), "idempotencyKey");
        Assert.Equal(" ", AssertValid(With("idempotencyKey", "\" \"")).Draft.IdempotencyKey);
        Assert.True(With("idempotencyKey", Str(string.Concat(Enumerable.Repeat("\U0001F511", 128)))).IsValid);
        Assert.True(With("idempotencyKey", Str(new string('k', 128))).IsValid);
        AssertOnlyError(With("idempotencyKey", Str(new string('k', 129))), "idempotencyKey");
    }

    [Fact]
    public void Known_property_given_twice_is_refused() =>
        AssertOnlyError(Read("""{ "userId": "alice", "type": "system", "title": "a", "title": "b" }"""), "title");

    [Fact]
    public void Unknown_properties_are_ignored_even_if_not_valid_text() =>
        Assert.True(Read("""{ "userId": "alice", "type": "system", "\ud800": "\ud800", "Title": 5, "extra": [1, 2] }""").IsValid);

    private static string NestedObjects(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

    private static string NestedArrays(int depth) =>
        depth == 1 ? "{}" : "{\"a\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";
}
