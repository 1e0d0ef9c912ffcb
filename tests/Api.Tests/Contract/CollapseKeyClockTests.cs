using System.Net;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md v2, <c>collapseKey</c> on the fake clock: an expired notification is never replaced.</summary>
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
}
