using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, "a read notification is always seen (marking read sets <c>seenAt</c> when null)", on
/// the fake clock so that the time of the seen and the time of the read differ.
/// </summary>
[Collection(ClockedApiCollection.Name)]
public sealed class SeenClockTests(ClockedApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task Marking_read_one_or_all_sets_seen_at_when_null_and_keeps_an_earlier_one()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var ids = new string[4];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = IdOf(await _producer.CreatedAsync(new { userId, type = "system" }));
        }

        await user.PatchOkAsync("api/notifications/seen", new { upToSeq = 2 });
        var seenAt = Answered(factory.Now);
        factory.Time.Advance(TimeSpan.FromSeconds(1));

        // One by one: seq 1 was seen, seq 3 was not.
        var readSeen = await user.PatchOkAsync($"api/notifications/{ids[0]}/read");
        var readUnseen = await user.PatchOkAsync($"api/notifications/{ids[2]}/read");
        Assert.Equal(Answered(factory.Now), readSeen.GetProperty("readAt").GetString());
        Assert.Equal(seenAt, readSeen.GetProperty("seenAt").GetString());
        Assert.Equal(Answered(factory.Now), readUnseen.GetProperty("seenAt").GetString());
        factory.Time.Advance(TimeSpan.FromSeconds(1));

        // All at once: seq 2 was seen, seq 4 was not.
        var answer = await user.PatchOkAsync("api/notifications/read-all");
        Assert.Equal(2, answer.GetProperty("updated").GetInt32());
        Assert.Equal(0, answer.GetProperty("counts").GetProperty("unseen").GetInt32());
        var seen = await user.GetNotificationAsync(ids[1]);
        var unseen = await user.GetNotificationAsync(ids[3]);
        Assert.Equal(Answered(factory.Now), seen.GetProperty("readAt").GetString());
        Assert.Equal(seenAt, seen.GetProperty("seenAt").GetString());
        Assert.Equal(Answered(factory.Now), unseen.GetProperty("readAt").GetString());
        Assert.Equal(Answered(factory.Now), unseen.GetProperty("seenAt").GetString());
        Assert.All((await user.ListAsync()).GetProperty("items").EnumerateArray(), n => Assert.NotEqual(JsonValueKind.Null, n.GetProperty("seenAt").ValueKind));
    }
}
