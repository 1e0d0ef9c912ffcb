using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md: the whole body ≤ 1 MB (1,048,576 bytes of UTF-8 JSON as sent), else 413, however it is framed.</summary>
[Collection(ApiCollection.Name)]
public sealed class BodySizeTests(NotificationsApiFactory factory)
{
    private const int OneMegabyte = 1_048_576;

    private readonly HttpClient _producer = factory.Producer();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_of_exactly_1_MB_is_accepted(bool chunked)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var response = await _producer.PostAsync("api/notifications", Body(userId, OneMegabyte, chunked), Ct);

        await response.ExpectAsync(HttpStatusCode.Created);
        using var user = factory.ClientFor(userId);
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 100_000)]
    [InlineData(true, 1_048_576)]
    public async Task A_body_over_1_MB_is_a_413_problem_and_nothing_is_stored(bool chunked, int over)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var response = await _producer.PostAsync("api/notifications", Body(userId, OneMegabyte + over, chunked), Ct);

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var user = factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task Other_bodies_have_the_same_limit()
    {
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await user.PutAsync("api/notifications/preferences", Padded("{}", OneMegabyte + 1, chunked: true), Ct))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await user.PatchAsync("api/notifications/read-all", Padded("{}", OneMegabyte + 1, chunked: false), Ct))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await _producer.PostAsync("api/notifications/batch", Padded("{}", OneMegabyte + 1, chunked: true), Ct))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await user.PutAsync("api/notifications/preferences", Padded("{}", OneMegabyte, chunked: true), Ct))
            .ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A valid create padded with whitespace to exactly <paramref name="size"/> bytes.</summary>
    private static HttpContent Body(string userId, int size, bool chunked) =>
        Padded($$"""{"userId":"{{userId}}","type":"system","title":"Große Neuigkeit \u2603 ☃"}""", size, chunked);

    private static HttpContent Padded(string json, int size, bool chunked)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var body = new byte[size];
        body.AsSpan().Fill((byte)' ');
        bytes.CopyTo(body, 0);
        HttpContent content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
