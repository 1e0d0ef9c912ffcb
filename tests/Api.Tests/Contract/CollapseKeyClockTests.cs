using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md v2, <c>collapseKey</c> on the fake clock: a replacement takes the current time; an expired notification is never replaced.</summary>
[Collection(ClockedApiCollection.Name)]
public sealed class CollapseKeyClockTests(ClockedApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task An_expired_notification_with_the_key_is_not_replaced()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var expiring = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k", expiresAt = Wire(factory.Now.AddSeconds(10)) });

        factory.Time.Advance(TimeSpan.FromSeconds(10));

        var created = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" });
        Assert.NotEqual(IdOf(expiring), IdOf(created));
        Assert.Equal(1, created.GetProperty("collapsedCount").GetInt32());
        await (await user.GetPathAsync($"api/notifications/{IdOf(expiring)}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 2 }, await user.TallyAsync());
    }

    [Fact]
    public async Task A_replacement_takes_the_current_time_as_created_at()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "k" });
        Assert.Equal(Answered(factory.Now), first.GetProperty("createdAt").GetString());
        factory.Time.Advance(TimeSpan.FromSeconds(7));

        var answer = await (await _producer.PostCreateAsync(new { userId, type = "system", collapseKey = "k" })).ExpectAsync(HttpStatusCode.OK);

        var replaced = answer.GetProperty("notification");
        Assert.Equal("replaced", answer.GetProperty("status").GetString());
        Assert.Equal(Answered(factory.Now), replaced.GetProperty("createdAt").GetString());
        Assert.Equal(replaced.GetRawText(), (await user.GetNotificationAsync(IdOf(first))).GetRawText());
    }

    [Fact]
    public async Task A_replacement_takes_the_new_create_s_expiry_and_only_that_one_applies()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var lasting = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "lasting", expiresAt = Wire(factory.Now.AddSeconds(10)) });
        var expiring = await _producer.CreatedAsync(new { userId, type = "system", collapseKey = "expiring" });
        await (await _producer.PostCreateAsync(new { userId, type = "system", collapseKey = "lasting" })).ExpectAsync(HttpStatusCode.OK);
        await (await _producer.PostCreateAsync(new { userId, type = "system", collapseKey = "expiring", expiresAt = Wire(factory.Now.AddSeconds(10)) })).ExpectAsync(HttpStatusCode.OK);

        factory.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([IdOf(lasting)], await user.ListIdsAsync());
        Assert.Equal(JsonValueKind.Null, (await user.GetNotificationAsync(IdOf(lasting))).GetProperty("expiresAt").ValueKind);
        await (await user.GetPathAsync($"api/notifications/{IdOf(expiring)}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 4 }, await user.TallyAsync());
    }
}
