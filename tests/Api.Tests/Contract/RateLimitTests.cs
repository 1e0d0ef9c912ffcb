using System.Net;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, Rate limits: 100 requests to <c>/api/…</c> per minute per non-service caller; producers are not throttled.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(NotificationsApiFactory factory)
{
    [Fact]
    public async Task An_end_users_101st_api_request_in_a_minute_is_a_429_with_retry_after()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);

        // These do not count, with or without the user's token.
        for (var i = 0; i < 5; i++)
        {
            await (await client.GetPathAsync("health/live")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, (await client.GetPathAsync("metrics")).StatusCode);
            await (await client.PostAsync("dev/token", Json(new { userId }), Ct)).ExpectAsync(HttpStatusCode.OK);
        }

        for (var i = 0; i < 100; i++)
        {
            var response = i % 2 == 0 ? await client.GetPathAsync("api/notifications/counts") : await client.GetPathAsync("api/notifications?limit=1");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i + 1} answered {(int)response.StatusCode}");
        }

        foreach (var response in new[]
        {
            await client.GetPathAsync("api/notifications/counts"),
            await client.GetPathAsync("api/notifications/preferences"),
            await client.PatchAsync("api/notifications/read-all", null, Ct),
        })
        {
            await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
            var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
            Assert.Matches("^[0-9]+$", retryAfter);
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }

        // Still not counted, and other users are not affected.
        await (await client.GetPathAsync("health/live")).ExpectAsync(HttpStatusCode.OK);
        using var other = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await other.GetPathAsync("api/notifications/counts")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_is_limited_like_an_end_user()
    {
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");
        var recipient = NotificationsApiFactory.NewUserId();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetPathAsync("api/notifications/counts")).StatusCode);
        }

        await (await admin.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { recipient }, title = "t", content = "c" }), Ct))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        using var client = factory.ClientFor(recipient);
        await client.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task A_service_caller_makes_150_requests_unthrottled()
    {
        using var producer = factory.Producer();
        var userId = NotificationsApiFactory.NewUserId();
        for (var i = 0; i < 75; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await producer.GetPathAsync("api/notifications/counts")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await producer.PostCreateAsync(new { userId, type = "system" })).StatusCode);
        }

        using var client = factory.ClientFor(userId);
        Assert.Equal(75, (await client.CountsAsync()).GetProperty("total").GetInt32());
    }
}
