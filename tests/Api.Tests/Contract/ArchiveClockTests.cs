using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, archive on the fake clock: an archived notification still expires, and archiving a
/// snoozed one ends its snooze for good (it does not return when its old time comes).
/// </summary>
[Collection(ClockedApiCollection.Name)]
public sealed class ArchiveClockTests(ClockedApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task An_archived_one_that_expires_is_no_longer_counted_listed_or_returned()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var expiring = await _producer.CreatedAsync(new { userId, type = "system", expiresAt = Wire(factory.Now.AddSeconds(20)) });
        await user.PatchOkAsync($"api/notifications/{IdOf(expiring)}/archive");
        Assert.Equal(new long[] { 0, 0, 0, 1, 0, 1 }, await user.TallyAsync());

        factory.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 1 }, await user.TallyAsync());
        Assert.Empty(await user.ListIdsAsync("?archived=true"));
        await (await user.GetPathAsync($"api/notifications/{IdOf(expiring)}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await user.PatchAsync($"api/notifications/{IdOf(expiring)}/unarchive", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_archived_snoozed_one_does_not_return_when_its_old_time_comes()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        await live.Client.SnoozedAsync(IdOf(created), factory.Now.AddSeconds(10));
        await live.ChangeAsync("notification:updated");
        var archived = await live.Client.PatchOkAsync($"api/notifications/{IdOf(created)}/archive");
        await live.ChangeAsync("notification:updated");

        factory.Time.Advance(TimeSpan.FromSeconds(10));
        factory.Time.Advance(TimeSpan.FromSeconds(10));

        // No return was pushed before the fence, and none is applied at the next read either.
        await live.AssertNothingElsePushedAsync(_producer);
        Assert.Equal(archived.GetRawText(), (await live.Client.GetNotificationAsync(IdOf(created))).GetRawText());
        Assert.Equal(1, SeqOf(archived));
        Assert.Equal(JsonValueKind.Null, archived.GetProperty("snoozedUntil").ValueKind);

        // Unarchived later, it is in the inbox with its seq, still read: nothing returns it.
        var back = await live.Client.PatchOkAsync($"api/notifications/{IdOf(created)}/unarchive");
        Assert.Equal(1, SeqOf(back));
        Assert.True(back.GetProperty("isRead").GetBoolean());
        Assert.Equal(new long[] { 2, 1, 1, 0, 0, 2 }, await live.Client.TallyAsync()); // with the fence, unread
    }
}
