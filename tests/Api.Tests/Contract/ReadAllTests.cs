using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, <c>PATCH /api/notifications/read-all</c>: optional filter body, <c>{ "updated": n, "counts": Counts }</c> (v2 adds the counts).</summary>
public abstract class ReadAllTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : ReadAllTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : ReadAllTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    /// <summary>new_message c1, new_message c2, message_reply c1, message_reply c2, system (no conversation).</summary>
    private async Task<HttpClient> SeedAsync()
    {
        var userId = NotificationsApiFactory.NewUserId();
        foreach (var (type, conversationId) in new (string, string?)[]
        {
            ("new_message", "c1"), ("new_message", "c2"), ("message_reply", "c1"), ("message_reply", "c2"), ("system", null),
        })
        {
            await _producer.CreatedAsync(new { userId, type, conversationId });
        }

        return factory.ClientFor(userId);
    }

    private static async Task<int> UpdatedAsync(HttpResponseMessage response)
    {
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["counts", "updated"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(CountsProperties, body.GetProperty("counts").EnumerateObject().Select(p => p.Name).Order());
        return body.GetProperty("updated").GetInt32();
    }

    public static TheoryData<string> EmptyBodies() => ["none", "no bytes, no content type", "no bytes, application/json", "no bytes, text/plain"];

    [Theory]
    [MemberData(nameof(EmptyBodies))]
    public async Task An_empty_body_means_no_filter(string kind)
    {
        using var client = await SeedAsync();
        HttpContent? content = kind switch
        {
            "none" => null,
            "no bytes, no content type" => new ByteArrayContent([]),
            "no bytes, application/json" => new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            _ => new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
        };

        Assert.Equal(5, await UpdatedAsync(await client.PatchAsync("api/notifications/read-all", content, Ct)));
        Assert.Equal(0, (await client.CountsAsync()).GetProperty("unread").GetInt32());
        Assert.All((await client.ListAsync()).GetProperty("items").EnumerateArray(), n =>
        {
            Assert.True(n.GetProperty("isRead").GetBoolean());
            AssertTime(n.GetProperty("readAt"));
        });
        Assert.Equal(0, await UpdatedAsync(await client.PatchAsync("api/notifications/read-all", null, Ct)));
    }

    [Theory]
    [InlineData("""{"type":"new_message"}""", 2, new long[] { 3, 4, 5 })]
    [InlineData("""{"conversationId":"c1"}""", 2, new long[] { 2, 4, 5 })]
    [InlineData("""{"type":"message_reply","conversationId":"c2"}""", 1, new long[] { 1, 2, 3, 5 })]
    [InlineData("""{"type":"contact_request"}""", 0, new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("""{"conversationId":"c9"}""", 0, new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("""{}""", 5, new long[] { })]
    [InlineData("""{"type":null,"conversationId":null}""", 5, new long[] { })]
    [InlineData("""{"unknown":"ignored"}""", 5, new long[] { })]
    public async Task A_filter_marks_exactly_the_matching_unread_ones(string body, int updated, long[] unreadAfter)
    {
        using var client = await SeedAsync();

        Assert.Equal(updated, await UpdatedAsync(await client.PatchJsonAsync("api/notifications/read-all", body)));
        var unread = await client.ListAsync("?isRead=false");
        Assert.Equal(unreadAfter.Reverse(), Seqs(unread));
        Assert.Equal(unreadAfter.Length, (await client.CountsAsync()).GetProperty("unread").GetInt32());

        // Again: nothing left to update for that filter.
        Assert.Equal(0, await UpdatedAsync(await client.PatchJsonAsync("api/notifications/read-all", body)));
    }

    [Theory]
    [InlineData("""{"type":"bogus"}""", "type")]
    [InlineData("""{"type":""}""", "type")]
    [InlineData("""{"type":5}""", "type")]
    [InlineData("""{"conversationId":"c 1"}""", "conversationId")]
    [InlineData("""{"conversationId":""}""", "conversationId")]
    public async Task An_invalid_filter_is_a_400_and_marks_nothing(string body, string field)
    {
        using var client = await SeedAsync();
        await (await client.PatchJsonAsync("api/notifications/read-all", body)).ExpectValidationAsync(field);
        Assert.Equal(5, (await client.CountsAsync()).GetProperty("unread").GetInt32());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("\"type\"")]
    public async Task A_body_that_is_not_an_object_is_a_400(string body)
    {
        using var client = await SeedAsync();
        await (await client.PatchJsonAsync("api/notifications/read-all", body)).ExpectValidationAsync();
        Assert.Equal(5, (await client.CountsAsync()).GetProperty("unread").GetInt32());
    }

    // v2: upToSeq, the counts in the answer, the inbox only, the push.
    [Theory]
    [InlineData("""{"upToSeq":3}""", 3, new long[] { 4, 5 })]
    [InlineData("""{"upToSeq":3,"type":"new_message"}""", 2, new long[] { 3, 4, 5 })]
    [InlineData("""{"upToSeq":4,"conversationId":"c2"}""", 2, new long[] { 1, 3, 5 })]
    [InlineData("""{"upToSeq":0}""", 0, new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("""{"upToSeq":9223372036854775807}""", 5, new long[] { })]
    [InlineData("""{"upToSeq":null}""", 5, new long[] { })]
    [InlineData("""{"upToSeq":null,"type":"system"}""", 1, new long[] { 1, 2, 3, 4 })]
    public async Task Up_to_seq_marks_only_those_with_seq_at_most_it_and_null_is_absent(string body, int updated, long[] unreadAfter)
    {
        using var client = await SeedAsync();

        var answer = await (await client.PatchJsonAsync("api/notifications/read-all", body)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(updated, answer.GetProperty("updated").GetInt32());
        Assert.Equal(unreadAfter.Reverse(), Seqs(await client.ListAsync("?isRead=false")));
        await client.AssertCountsAreCurrentAsync(answer.GetProperty("counts"));
        Assert.Equal(unreadAfter.Length, answer.GetProperty("counts").GetProperty("unread").GetInt32());
    }

    [Theory]
    [InlineData("""{"upToSeq":-1}""")]
    [InlineData("""{"upToSeq":-0}""")]
    [InlineData("""{"upToSeq":2.0}""")]
    [InlineData("""{"upToSeq":2e0}""")]
    [InlineData("""{"upToSeq":"2"}""")]
    [InlineData("""{"upToSeq":false}""")]
    [InlineData("""{"upToSeq":{}}""")]
    [InlineData("""{"upToSeq":9223372036854775808}""")]
    [InlineData("""{"type":"system","upToSeq":1,"upToSeq":2}""")]
    public async Task An_invalid_up_to_seq_is_a_400_and_marks_nothing(string body)
    {
        using var client = await SeedAsync();
        await (await client.PatchJsonAsync("api/notifications/read-all", body)).ExpectValidationAsync("upToSeq");
        Assert.Equal(5, (await client.CountsAsync()).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Read_all_leaves_snoozed_ones_unread()
    {
        using var client = await SeedAsync();
        var snoozed = (await client.ListAsync()).GetProperty("items")[0];
        await client.SnoozedAsync(IdOf(snoozed), DateTimeOffset.UtcNow.AddHours(1));

        var answer = await (await client.PatchAsync("api/notifications/read-all", null, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(4, answer.GetProperty("updated").GetInt32());
        Assert.Equal<long>([4, 0, 0, 0, 1, 5], Tally(answer.GetProperty("counts")));
        var stillSnoozed = (await client.ListAsync("?snoozed=true")).GetProperty("items").EnumerateArray().Single();
        Assert.False(stillSnoozed.GetProperty("isRead").GetBoolean());
        Assert.Equal(JsonValueKind.Null, stillSnoozed.GetProperty("seenAt").ValueKind);
    }

    [Fact]
    public async Task Read_all_pushes_up_to_seq_when_it_had_one_and_a_read_all_of_nothing_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        for (var i = 0; i < 3; i++)
        {
            await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
            await live.ChangeAsync("notification");
        }

        var answer = await live.Client.PatchOkAsync("api/notifications/read-all", new { upToSeq = 2 });
        var (read, counts) = await live.ChangeAsync("notification:read");
        Assert.True(read.GetProperty("all").GetBoolean());
        Assert.Equal(2, read.GetProperty("upToSeq").GetInt64());
        Assert.False(read.TryGetProperty("type", out _));
        Assert.Equal(answer.GetProperty("counts").GetRawText(), counts.GetRawText());

        await live.Client.PatchOkAsync("api/notifications/read-all");
        (read, _) = await live.ChangeAsync("notification:read");
        Assert.False(read.TryGetProperty("upToSeq", out _));

        Assert.Equal(0, (await live.Client.PatchOkAsync("api/notifications/read-all", new { upToSeq = 3 })).GetProperty("updated").GetInt32());
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task A_read_all_with_a_null_up_to_seq_pushes_none_and_one_that_matches_no_unread_one_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        foreach (var type in new[] { "system", "new_message", "system" })
        {
            await _producer.CreatedAsync(new { userId = live.UserId, type });
            await live.ChangeAsync("notification");
        }

        var answer = await (await live.Client.PatchJsonAsync("api/notifications/read-all", """{"upToSeq":null,"type":"system"}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, answer.GetProperty("updated").GetInt32());
        var (read, counts) = await live.ChangeAsync("notification:read");
        Assert.True(read.GetProperty("all").GetBoolean());
        Assert.Equal("system", read.GetProperty("type").GetString());
        Assert.False(read.TryGetProperty("upToSeq", out _), $"null counts as absent: {read}");
        Assert.Equal(answer.GetProperty("counts").GetRawText(), counts.GetRawText());

        // One unread one is left (seq 2): read-alls that do not reach it update nothing and push nothing.
        foreach (var body in new object[] { new { type = "contact_request" }, new { upToSeq = 1 }, new { conversationId = "c9" } })
        {
            Assert.Equal(0, (await live.Client.PatchOkAsync("api/notifications/read-all", body)).GetProperty("updated").GetInt32());
        }

        Assert.Equal(1, (await live.Client.CountsAsync()).GetProperty("unread").GetInt32());
        await live.AssertNothingElsePushedAsync(_producer);
    }
}
