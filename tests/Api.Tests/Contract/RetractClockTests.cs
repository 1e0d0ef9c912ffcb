using System.Net;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md v2, retract on the fake clock: it deletes every <em>live</em> notification of the message, so an expired one is not counted.</summary>
[Collection(ClockedApiCollection.Name)]
public sealed class RetractClockTests(ClockedApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task An_expired_notification_of_the_message_is_not_counted_as_deleted()
    {
        var message = "m-" + Guid.NewGuid().ToString("N");
        var (expiringUser, liveUser) = (NotificationsApiFactory.NewUserId(), NotificationsApiFactory.NewUserId());
        await _producer.CreatedAsync(new { userId = expiringUser, type = "new_message", messageId = message, expiresAt = Wire(factory.Now.AddSeconds(10)) });
        await _producer.CreatedAsync(new { userId = liveUser, type = "new_message", messageId = message, expiresAt = Wire(factory.Now.AddSeconds(10)) });
        await _producer.CreatedAsync(new { userId = liveUser, type = "new_message", messageId = message });

        factory.Time.Advance(TimeSpan.FromSeconds(10));

        var answer = await (await _producer.PostJsonAsync("api/notifications/retract", new { messageId = message })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, answer.GetProperty("deleted").GetInt32());
        using var client = factory.ClientFor(liveUser);
        await client.AssertNothingLeftAsync(lastSeq: 2);
    }
}
