using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, snooze rules about time, on the fake clock: the exact bounds of <c>until</c>, the
/// return at <c>snoozedUntil</c> (at the next read, or pushed while connected), the order of returns
/// that fall due together, <c>silent</c> by the rules at the return, expiry while snoozed.
/// </summary>
[Collection(ClockedApiCollection.Name)]
public sealed class SnoozeClockTests(ClockedApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    private async Task<(HttpClient User, string[] Ids)> SeedAsync(string userId, int count, string priority = "normal")
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = IdOf(await _producer.CreatedAsync(new { userId, type = "system", title = $"n{i + 1}", priority }));
        }

        return (factory.ClientFor(userId), ids);
    }

    [Fact]
    public async Task Until_must_be_after_now_and_at_most_30_days_ahead_exactly()
    {
        var (user, ids) = await SeedAsync(NotificationsApiFactory.NewUserId(), 1);
        using var _ = user;
        var now = factory.Now;

        foreach (var tooSoonOrLate in new[] { now, now.AddMilliseconds(-1), now.AddDays(30).AddMilliseconds(1) })
        {
            await (await user.SnoozeAsync(ids[0], Wire(tooSoonOrLate, TimeSpan.FromHours(-3)))).ExpectValidationAsync("until");
        }

        foreach (var inRange in new[] { now.AddMilliseconds(1), now.AddDays(30) })
        {
            var snoozed = await (await user.SnoozeAsync(ids[0], Wire(inRange, TimeSpan.FromHours(5.5)))).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(Answered(inRange), snoozed.GetProperty("snoozedUntil").GetString());
        }
    }

    [Fact]
    public async Task Without_a_connection_a_return_is_there_at_the_next_read_with_the_time_it_was_applied()
    {
        var (user, ids) = await SeedAsync(NotificationsApiFactory.NewUserId(), 2);
        using var _ = user;
        await user.PatchOkAsync("api/notifications/seen", new { upToSeq = 2 });
        var until = factory.Now.AddSeconds(10);
        await user.SnoozedAsync(ids[0], until);

        factory.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal([ids[1]], await user.ListIdsAsync());
        factory.Time.Advance(TimeSpan.FromSeconds(3));

        var back = (await user.ListAsync()).GetProperty("items")[0];
        Assert.Equal(ids[0], IdOf(back));
        Assert.Equal(3, SeqOf(back));
        Assert.Equal(Answered(until.AddSeconds(2)), back.GetProperty("createdAt").GetString());
        Assert.False(back.GetProperty("isRead").GetBoolean());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("seenAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, back.GetProperty("snoozedUntil").ValueKind);
        Assert.Equal(new long[] { 2, 2, 1, 0, 0, 3 }, await user.TallyAsync());
    }

    [Fact]
    public async Task Returns_due_together_come_back_in_the_order_of_snoozed_until_then_of_their_previous_seq()
    {
        var (user, ids) = await SeedAsync(NotificationsApiFactory.NewUserId(), 4);
        using var _ = user;
        var now = factory.Now;
        await user.SnoozedAsync(ids[0], now.AddSeconds(10));
        await user.SnoozedAsync(ids[1], now.AddSeconds(5));
        await user.SnoozedAsync(ids[2], now.AddSeconds(10));
        await user.SnoozedAsync(ids[3], now.AddSeconds(5));

        factory.Time.Advance(TimeSpan.FromSeconds(11));

        var page = await user.ListAsync();
        Assert.Equal([ids[2], ids[0], ids[3], ids[1]], Ids(page));
        Assert.Equal([8L, 7, 6, 5], Seqs(page));
        Assert.All(page.GetProperty("items").EnumerateArray(), n => Assert.Equal(Answered(now.AddSeconds(11)), n.GetProperty("createdAt").GetString()));
    }

    [Fact]
    public async Task While_connected_returns_are_pushed_when_due_in_their_order_each_followed_by_its_counts()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(IdOf(await _producer.CreatedAsync(new { userId = live.UserId, type = "system" })));
            await live.ChangeAsync("notification");
        }

        var now = factory.Now;
        await live.Client.SnoozedAsync(ids[0], now.AddSeconds(20));
        await live.Client.SnoozedAsync(ids[1], now.AddSeconds(10));
        await live.Client.SnoozedAsync(ids[2], now.AddSeconds(10));
        for (var i = 0; i < 3; i++)
        {
            await live.ChangeAsync("notification:updated");
        }

        // The two due at +10 s return together when the clock gets there; the third waits for its time.
        factory.Time.Advance(TimeSpan.FromSeconds(10));
        var events = await live.NextAsync("notification:updated", "notification:counts", "notification:updated", "notification:counts");
        Assert.Equal([ids[1], ids[2]], new[] { IdOf(events[0]), IdOf(events[2]) });
        Assert.Equal([4L, 5], new[] { SeqOf(events[0]), SeqOf(events[2]) });
        Assert.Equal(new long[] { 1, 1, 1, 0, 2, 4 }, Tally(events[1]));
        Assert.Equal(new long[] { 2, 2, 2, 0, 1, 5 }, Tally(events[3]));
        Assert.All(new[] { events[0], events[2] }, n =>
        {
            Assert.Equal(Answered(now.AddSeconds(10)), n.GetProperty("createdAt").GetString());
            Assert.Equal(JsonValueKind.Null, n.GetProperty("snoozedUntil").ValueKind);
        });

        factory.Time.Advance(TimeSpan.FromSeconds(10));
        var (last, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(ids[0], IdOf(last));
        Assert.Equal(6, SeqOf(last));
        Assert.Equal(new long[] { 3, 3, 3, 0, 0, 6 }, Tally(counts));
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task A_return_takes_silent_by_the_rules_at_that_moment_and_never_for_urgent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var (user, normal) = await SeedAsync(userId, 1);
        using var _ = user;
        var (_, urgent) = await SeedAsync(userId, 1, priority: "urgent");
        var now = factory.Now;
        await user.SnoozedAsync(normal[0], now.AddSeconds(10));
        await user.SnoozedAsync(urgent[0], now.AddSeconds(10));
        await user.PutJsonAsync("api/notifications/preferences", new { pausedUntil = Wire(now.AddHours(1)) });

        factory.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.True((await user.GetNotificationAsync(normal[0])).GetProperty("silent").GetBoolean());
        Assert.False((await user.GetNotificationAsync(urgent[0])).GetProperty("silent").GetBoolean());

        // Created silent during a pause, it returns after the pause has ended: not silent.
        await (await user.PutJsonAsync("api/notifications/preferences", new { pausedUntil = Wire(factory.Now.AddSeconds(5)) })).ExpectAsync(HttpStatusCode.OK);
        var paused = await _producer.CreatedAsync(new { userId, type = "system" });
        Assert.True(paused.GetProperty("silent").GetBoolean());
        await user.SnoozedAsync(IdOf(paused), factory.Now.AddSeconds(10));
        factory.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.False((await user.GetNotificationAsync(IdOf(paused))).GetProperty("silent").GetBoolean());
    }

    [Fact]
    public async Task Expiry_still_applies_while_snoozed()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var expiring = await _producer.CreatedAsync(new { userId, type = "system", expiresAt = Wire(factory.Now.AddSeconds(20)) });
        await user.SnoozedAsync(IdOf(expiring), factory.Now.AddDays(1));
        Assert.Equal(new long[] { 0, 0, 0, 0, 1, 1 }, await user.TallyAsync());

        factory.Time.Advance(TimeSpan.FromSeconds(20));

        await (await user.GetPathAsync($"api/notifications/{IdOf(expiring)}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await user.ListIdsAsync("?snoozed=true"));
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 1 }, await user.TallyAsync());
    }

    [Fact]
    public async Task Without_a_connection_it_returns_at_snoozed_until_exactly_and_not_a_millisecond_before()
    {
        var (user, ids) = await SeedAsync(NotificationsApiFactory.NewUserId(), 2);
        using var _ = user;
        var until = factory.Now.AddSeconds(10);
        await user.SnoozedAsync(ids[0], until);

        factory.Time.Advance(TimeSpan.FromSeconds(9));
        factory.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal([ids[1]], await user.ListIdsAsync());
        Assert.Equal(new long[] { 1, 1, 1, 0, 1, 2 }, await user.TallyAsync());

        factory.Time.Advance(TimeSpan.FromMilliseconds(1));
        var back = await user.GetNotificationAsync(ids[0]);
        Assert.Equal(JsonValueKind.Null, back.GetProperty("snoozedUntil").ValueKind);
        Assert.Equal(3, SeqOf(back));
        Assert.Equal(Answered(until), back.GetProperty("createdAt").GetString());
        Assert.Equal([ids[0], ids[1]], await user.ListIdsAsync());
    }

    [Fact]
    public async Task An_unsnooze_returns_it_with_the_time_of_the_unsnooze_as_created_at()
    {
        var (user, ids) = await SeedAsync(NotificationsApiFactory.NewUserId(), 1);
        using var _ = user;
        factory.Time.Advance(TimeSpan.FromSeconds(3));
        await user.SnoozedAsync(ids[0], factory.Now.AddHours(1));
        factory.Time.Advance(TimeSpan.FromSeconds(2));

        var back = await user.PatchOkAsync($"api/notifications/{ids[0]}/unsnooze");

        Assert.Equal(Answered(factory.Now), back.GetProperty("createdAt").GetString());
        Assert.Equal(2, SeqOf(back));
        Assert.Equal(back.GetRawText(), (await user.GetNotificationAsync(ids[0])).GetRawText());
    }

    [Fact]
    public async Task A_moved_snooze_returns_at_its_new_time_only_earlier_or_later()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            ids.Add(IdOf(await _producer.CreatedAsync(new { userId = live.UserId, type = "system" })));
            await live.ChangeAsync("notification");
        }

        var now = factory.Now;
        await live.Client.SnoozedAsync(ids[0], now.AddSeconds(20));
        await live.Client.SnoozedAsync(ids[1], now.AddSeconds(10));
        var earlier = await live.Client.SnoozedAsync(ids[0], now.AddSeconds(5));
        var later = await live.Client.SnoozedAsync(ids[1], now.AddSeconds(30));
        Assert.Equal(Answered(now.AddSeconds(5)), earlier.GetProperty("snoozedUntil").GetString());
        Assert.Equal(Answered(now.AddSeconds(30)), later.GetProperty("snoozedUntil").GetString());
        for (var i = 0; i < 4; i++)
        {
            await live.ChangeAsync("notification:updated");
        }

        factory.Time.Advance(TimeSpan.FromSeconds(5));
        var (first, _) = await live.ChangeAsync("notification:updated");
        Assert.Equal(ids[0], IdOf(first));
        Assert.Equal(Answered(now.AddSeconds(5)), first.GetProperty("createdAt").GetString());

        // Its old time (+10 s) and the other's old time (+20 s) pass: nothing returns.
        factory.Time.Advance(TimeSpan.FromSeconds(5));
        factory.Time.Advance(TimeSpan.FromSeconds(10));
        await live.AssertNothingElsePushedAsync(_producer);
        Assert.Equal(Answered(now.AddSeconds(30)), (await live.Client.GetNotificationAsync(ids[1])).GetProperty("snoozedUntil").GetString());

        factory.Time.Advance(TimeSpan.FromSeconds(10));
        var (second, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(ids[1], IdOf(second));
        Assert.Equal(5, SeqOf(second));
        Assert.Equal(Answered(now.AddSeconds(30)), second.GetProperty("createdAt").GetString());
        Assert.Equal(new long[] { 3, 3, 3, 0, 0, 5 }, Tally(counts));
    }

    [Fact]
    public async Task A_return_at_its_time_keeps_the_action_taken()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "system", actions = new[] { new { id = "ok", label = "OK" } } });
        await user.SnoozedAsync(IdOf(created), factory.Now.AddSeconds(10));
        var acted = await (await user.ActAsync(IdOf(created), "ok")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, acted.GetProperty("snoozedUntil").ValueKind);

        factory.Time.Advance(TimeSpan.FromSeconds(10));

        var back = await user.GetNotificationAsync(IdOf(created));
        Assert.Equal(2, SeqOf(back));
        Assert.False(back.GetProperty("isRead").GetBoolean());
        Assert.Equal("ok", back.GetProperty("actedAction").GetString());
        Assert.Equal(acted.GetProperty("actedAt").GetString(), back.GetProperty("actedAt").GetString());
    }
}
