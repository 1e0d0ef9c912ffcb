using System.Net;
using System.Net.Http.Headers;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, <c>PATCH /api/notifications/read-all</c>: optional filter body, <c>{ "updated": n, "counts": Counts }</c> (v2 adds the counts).</summary>
[Collection(ApiCollection.Name)]
public sealed class ReadAllTests(NotificationsApiFactory factory)
{
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
}
