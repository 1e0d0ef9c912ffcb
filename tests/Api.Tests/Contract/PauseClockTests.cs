using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md v2, the pause on the fake clock: its exact bound, and its end by itself.</summary>
[Collection(ClockedApiCollection.Name)]
public sealed class PauseClockTests(ClockedApiFactory factory)
{
    private const string Path = "api/notifications/preferences";

    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task A_pause_may_reach_exactly_7_days_ahead()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var now = factory.Now;

        await (await client.PutJsonAsync(Path, new { pausedUntil = Wire(now.AddDays(7).AddMilliseconds(1), TimeSpan.FromHours(2)) })).ExpectValidationAsync("pausedUntil");
        var saved = await (await client.PutJsonAsync(Path, new { pausedUntil = Wire(now.AddDays(7), TimeSpan.FromHours(2)) })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Answered(now.AddDays(7)), saved.GetProperty("pausedUntil").GetString());
    }

    [Fact]
    public async Task The_pause_ends_by_itself_get_returns_null_once_it_has_passed()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        var until = factory.Now.AddSeconds(30);
        await (await client.PutJsonAsync(Path, new { pausedUntil = Wire(until) })).ExpectAsync(HttpStatusCode.OK);

        factory.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(Answered(until), (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("pausedUntil").GetString());
        Assert.True((await _producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());

        // At pausedUntil it has passed: the current time must be before it.
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(JsonValueKind.Null, (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("pausedUntil").ValueKind);
        Assert.False((await _producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());
    }

    [Fact]
    public async Task A_pause_until_now_is_already_past_and_stored_as_null_a_millisecond_later_is_a_pause()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);

        var atNow = await (await client.PutJsonAsync(Path, new { pausedUntil = Wire(factory.Now, TimeSpan.FromHours(-4)) })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, atNow.GetProperty("pausedUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("pausedUntil").ValueKind);
        Assert.False((await _producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());

        var soon = factory.Now.AddMilliseconds(1);
        var saved = await (await client.PutJsonAsync(Path, new { pausedUntil = Wire(soon, TimeSpan.FromHours(-4)) })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Answered(soon), saved.GetProperty("pausedUntil").GetString());
        Assert.True((await _producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());
    }
}
