using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, the pause: preferences' <c>pausedUntil</c> (time or null, omitted is null, at most 7
/// days ahead, a past time stored as null) and its effect, every create but urgent ones silent.
/// The pause ending by itself is in <see cref="PauseClockTests"/>.
/// </summary>
public abstract class PauseTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : PauseTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : PauseTests(factory);

    private const string Path = "api/notifications/preferences";

    private readonly HttpClient _producer = factory.Producer();

    private static async Task<JsonElement> PutAsync(HttpClient client, object body) =>
        await (await client.PutJsonAsync(Path, body)).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_pause_is_stored_in_utc_to_the_millisecond_and_read_back()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        Assert.Equal(JsonValueKind.Null, (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("pausedUntil").ValueKind);
        var until = DateTimeOffset.UtcNow.AddDays(2);
        var sent = until.ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff-07:00", System.Globalization.CultureInfo.InvariantCulture);

        var saved = await PutAsync(client, new { pausedUntil = sent, disabledTypes = new[] { "system" } });

        Assert.Equal(Answered(until), saved.GetProperty("pausedUntil").GetString());
        Assert.Equal(["system"], saved.GetProperty("disabledTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(saved.GetRawText(), (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetRawText());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"pausedUntil":null}""")]
    [InlineData("""{"pausedUntil":"2020-01-01T00:00:00Z"}""")]
    [InlineData("""{"pausedUntil":"2000-01-01T00:00:00+14:00"}""")]
    public async Task Omitted_null_or_past_is_no_pause_and_replaces_a_stored_one(string body)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await PutAsync(client, new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) });

        Assert.Equal(JsonValueKind.Null, (await PutAsync(client, body)).GetProperty("pausedUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("pausedUntil").ValueKind);
    }

    [Fact]
    public async Task More_than_7_days_ahead_or_not_a_time_is_a_400_and_changes_nothing()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var stored = (await PutAsync(client, new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) })).GetRawText();
        var now = DateTimeOffset.UtcNow;

        foreach (var body in new[]
        {
            $$"""{"pausedUntil":"{{Wire(now.AddDays(7).AddMinutes(1))}}"}""",
            $$"""{"pausedUntil":"{{Wire(now.AddDays(8), TimeSpan.FromHours(3))}}"}""",
            """{"pausedUntil":"2099-01-01T00:00:00Z"}""",
            """{"pausedUntil":"2026-01-01T00:00:00"}""",
            """{"pausedUntil":"soon"}""",
            """{"pausedUntil":""}""",
            """{"pausedUntil":1}""",
            """{"pausedUntil":true}""",
            """{"pausedUntil":{}}""",
        })
        {
            await (await client.PutJsonAsync(Path, body)).ExpectValidationAsync("pausedUntil");
        }

        Assert.Equal(stored, (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetRawText());
    }

    [Fact]
    public async Task While_paused_every_create_but_urgent_ones_is_silent_and_stored_and_counted()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        await PutAsync(client, new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) });

        foreach (var type in new[] { "new_message", "user_mentioned", "missed_call", "system" })
        {
            Assert.True((await _producer.CreatedAsync(new { userId, type, senderId = "bob" })).GetProperty("silent").GetBoolean(), type);
        }

        Assert.True((await _producer.CreatedAsync(new { userId, type = "system", priority = "high" })).GetProperty("silent").GetBoolean());
        Assert.False((await _producer.CreatedAsync(new { userId, type = "system", priority = "urgent" })).GetProperty("silent").GetBoolean());
        Assert.Equal(new long[] { 6, 6, 6, 0, 0, 6 }, await client.TallyAsync());

        // No pause: not silent again.
        await PutAsync(client, new { });
        Assert.False((await _producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());
    }

    [Fact]
    public async Task A_pause_applies_to_batches_and_broadcasts_too()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        await PutAsync(client, new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) });
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), Roles.Admin);

        await (await _producer.PostJsonAsync("api/notifications/batch", new { userIds = new[] { userId }, notification = new { type = "system" } })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync("api/admin/broadcast", new { userIds = new[] { userId }, title = "t", content = "c" })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync("api/admin/broadcast", new { userIds = new[] { userId }, title = "t", content = "c", priority = "urgent" })).ExpectAsync(HttpStatusCode.OK);

        var silent = (await client.ListAsync()).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("silent").GetBoolean());
        Assert.Equal([false, true, true], silent);
    }

    [Fact]
    public async Task A_create_during_a_pause_is_pushed_as_usual_marked_silent()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        await PutAsync(live.Client, new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) });

        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });

        var (pushed, counts) = await live.ChangeAsync("notification");
        Assert.Equal(created.GetRawText(), pushed.GetRawText());
        Assert.True(pushed.GetProperty("silent").GetBoolean());
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 1 }, Tally(counts));
        await live.AssertNothingElsePushedAsync(_producer);
    }
}
