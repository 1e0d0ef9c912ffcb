using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, snooze: <c>PATCH /api/notifications/{id}/snooze</c> and <c>/unsnooze</c>, and the
/// return from snooze (unread, unseen, a new seq and createdAt; pushed within 5 s while connected).
/// The rules about time passing exactly are in <see cref="SnoozeClockTests"/>.
/// </summary>
public abstract class SnoozeTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : SnoozeTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : SnoozeTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    private async Task<(HttpClient User, JsonElement[] Created)> SeedAsync(int count)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var created = new JsonElement[count];
        for (var i = 0; i < count; i++)
        {
            created[i] = await _producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c1" });
        }

        return (factory.ClientFor(userId), created);
    }

    [Fact]
    public async Task Snooze_sets_snoozed_until_in_utc_to_the_millisecond_and_takes_it_out_of_the_inbox()
    {
        var (user, created) = await SeedAsync(2);
        using var _ = user;
        var until = DateTimeOffset.UtcNow.AddHours(5);
        var sent = until.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff+02:00", System.Globalization.CultureInfo.InvariantCulture);

        var snoozed = await (await user.SnoozeAsync(IdOf(created[0]), sent)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Answered(until), snoozed.GetProperty("snoozedUntil").GetString());
        foreach (var name in NotificationProperties.Except(["snoozedUntil"]))
        {
            Assert.Equal(created[0].GetProperty(name).GetRawText(), snoozed.GetProperty(name).GetRawText());
        }

        Assert.Equal([IdOf(created[1])], await user.ListIdsAsync());
        Assert.Equal([IdOf(created[0])], await user.ListIdsAsync("?snoozed=true"));
        Assert.Equal(snoozed.GetRawText(), (await user.GetNotificationAsync(IdOf(created[0]))).GetRawText());
        var counts = await user.CountsAsync();
        Assert.Equal<long>([1, 1, 1, 0, 1, 2], Tally(counts));
        Assert.Equal(new Dictionary<string, int> { ["new_message"] = 1 }, NonZero(counts.GetProperty("byType")));
    }

    /// <summary>Bodies whose until is invalid at the time of the request.</summary>
    private static IEnumerable<string> InvalidUntils()
    {
        var now = DateTimeOffset.UtcNow;
        return
        [
            "{}", """{"until":null}""", """{"until":1}""", """{"until":true}""", """{"until":["2099-01-01T00:00:00Z"]}""", """{"until":""}""",
            """{"until":"tomorrow"}""", """{"until":"2099-01-01T00:00:00"}""", """{"until":"2099-13-01T00:00:00Z"}""", """{"until":"2099-01-01 00:00:00Z"}""",
            """{"until":"2020-01-01T00:00:00Z"}""", $$"""{"until":"{{Wire(now.AddMinutes(-1))}}"}""", $$"""{"until":"{{Wire(now.AddDays(31))}}"}""",
            $$"""{"until":"{{Wire(now.AddDays(30).AddMinutes(5), TimeSpan.FromHours(-5))}}"}""",
            $$"""{"until":"{{Wire(now.AddHours(1))}}","until":"{{Wire(now.AddHours(2))}}"}""",
        ];
    }

    [Fact]
    public async Task An_invalid_until_is_a_400_even_for_an_unknown_id()
    {
        var (user, created) = await SeedAsync(1);
        using var _ = user;

        foreach (var id in new[] { IdOf(created[0]), new string('a', 32), "not-an-id" })
        {
            foreach (var body in InvalidUntils())
            {
                var response = await user.PatchJsonAsync($"api/notifications/{id}/snooze", body);
                await response.ExpectValidationAsync("until");
            }

            foreach (var body in new[] { "", "null", "[]", "\"2099-01-01T00:00:00Z\"", "{" })
            {
                await (await user.PatchJsonAsync($"api/notifications/{id}/snooze", body)).ExpectValidationAsync();
            }
        }

        Assert.Equal(created[0].GetRawText(), (await user.GetNotificationAsync(IdOf(created[0]))).GetRawText());
    }

    [Fact]
    public async Task A_valid_until_for_an_unknown_or_someone_else_s_id_is_a_404()
    {
        var (owner, created) = await SeedAsync(1);
        using var _ = owner;
        using var stranger = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var until = DateTimeOffset.UtcNow.AddHours(1);

        foreach (var id in new[] { IdOf(created[0]), new string('a', 32), "not-an-id" })
        {
            await (await stranger.SnoozeAsync(id, Wire(until))).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await stranger.PatchAsync($"api/notifications/{id}/unsnooze", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(JsonValueKind.Null, (await owner.GetNotificationAsync(IdOf(created[0]))).GetProperty("snoozedUntil").ValueKind);
    }

    [Fact]
    public async Task Snoozing_an_archived_notification_is_a_400_on_id_and_changes_nothing()
    {
        var (user, created) = await SeedAsync(1);
        using var _ = user;
        var archived = await user.PatchOkAsync($"api/notifications/{IdOf(created[0])}/archive");

        var problem = await (await user.SnoozeAsync(IdOf(created[0]), Wire(DateTimeOffset.UtcNow.AddHours(1)))).ExpectValidationAsync("id");

        Assert.Equal(["id"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(archived.GetRawText(), (await user.GetNotificationAsync(IdOf(created[0]))).GetRawText());
    }

    [Fact]
    public async Task Unsnooze_returns_it_now_unread_and_unseen_with_a_new_seq_and_created_at()
    {
        var (user, created) = await SeedAsync(2);
        using var _ = user;
        var id = IdOf(created[0]);
        await user.PatchOkAsync($"api/notifications/{id}/read");
        await user.SnoozedAsync(id, DateTimeOffset.UtcNow.AddDays(2));

        var back = await user.PatchOkAsync($"api/notifications/{id}/unsnooze");

        Assert.Equal(id, IdOf(back));
        Assert.Equal(3, SeqOf(back));
        Assert.False(back.GetProperty("isRead").GetBoolean());
        foreach (var name in new[] { "readAt", "seenAt", "snoozedUntil", "archivedAt" })
        {
            Assert.Equal(JsonValueKind.Null, back.GetProperty(name).ValueKind);
        }

        AssertTime(back.GetProperty("createdAt"));
        Assert.True(TimeOf(back.GetProperty("createdAt")) >= TimeOf(created[1].GetProperty("createdAt")));
        foreach (var name in NotificationProperties.Except(["seq", "createdAt", "isRead", "readAt", "seenAt", "snoozedUntil", "silent"]))
        {
            Assert.Equal(created[0].GetProperty(name).GetRawText(), back.GetProperty(name).GetRawText());
        }

        // At the top, lastSeq grown, and a client that missed it gets it once by afterSeq.
        Assert.Equal([id, IdOf(created[1])], await user.ListIdsAsync());
        Assert.Equal(new long[] { 2, 2, 2, 0, 0, 3 }, await user.TallyAsync());
        Assert.Equal([id], Ids(await user.ListAsync("?afterSeq=2")));
        Assert.Empty(Ids(await user.ListAsync("?afterSeq=3")));
    }

    [Fact]
    public async Task Unsnooze_of_one_that_is_not_snoozed_answers_it_as_it_is()
    {
        var (user, created) = await SeedAsync(1);
        using var _ = user;

        Assert.Equal(created[0].GetRawText(), (await user.PatchOkAsync($"api/notifications/{IdOf(created[0])}/unsnooze")).GetRawText());
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Deleting_a_snoozed_notification_deletes_it()
    {
        var (user, created) = await SeedAsync(1);
        using var _ = user;
        await user.SnoozedAsync(IdOf(created[0]), DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"api/notifications/{IdOf(created[0])}", Ct)).StatusCode);

        await (await user.GetPathAsync($"api/notifications/{IdOf(created[0])}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await user.ListIdsAsync("?snoozed=true"));
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 1 }, await user.TallyAsync());
    }

    [Fact]
    public async Task Snooze_moves_and_unsnooze_are_pushed_as_updated_and_the_same_time_again_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        var until = DateTimeOffset.UtcNow.AddHours(3);

        var snoozed = await live.Client.SnoozedAsync(IdOf(created), until);
        var (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(snoozed.GetRawText(), pushed.GetRawText());
        Assert.Equal<long>([0, 0, 0, 0, 1, 1], Tally(counts));

        // The same time again (written with another offset) changes nothing and pushes nothing.
        Assert.Equal(snoozed.GetRawText(), (await (await live.Client.SnoozeAsync(IdOf(created), Wire(until, TimeSpan.FromHours(9)))).ExpectAsync(HttpStatusCode.OK)).GetRawText());

        var moved = await live.Client.SnoozedAsync(IdOf(created), until.AddHours(1));
        Assert.Equal(Answered(until.AddHours(1)), moved.GetProperty("snoozedUntil").GetString());
        Assert.Equal(1, SeqOf(moved));
        (pushed, _) = await live.ChangeAsync("notification:updated");
        Assert.Equal(moved.GetRawText(), pushed.GetRawText());

        var back = await live.Client.PatchOkAsync($"api/notifications/{IdOf(created)}/unsnooze");
        (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(back.GetRawText(), pushed.GetRawText());
        Assert.Equal(2, SeqOf(pushed));
        Assert.Equal<long>([1, 1, 1, 0, 0, 2], Tally(counts));

        // Unsnoozing one that is not snoozed changes nothing.
        await live.Client.PatchOkAsync($"api/notifications/{IdOf(created)}/unsnooze");
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task While_connected_a_return_is_pushed_within_5_s_of_snoozed_until()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        var until = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await live.Client.SnoozedAsync(IdOf(created), until);
        await live.ChangeAsync("notification:updated");
        var exact = ToMillisecond(until);

        var (back, counts) = await live.ChangeAsync("notification:updated");
        var arrived = DateTimeOffset.UtcNow;

        Assert.True(arrived - exact <= TimeSpan.FromSeconds(5), $"pushed {arrived - exact} after snoozedUntil");
        Assert.Equal(IdOf(created), IdOf(back));
        Assert.Equal(2, SeqOf(back));
        Assert.Equal(JsonValueKind.Null, back.GetProperty("snoozedUntil").ValueKind);
        Assert.False(back.GetProperty("isRead").GetBoolean());
        Assert.True(TimeOf(back.GetProperty("createdAt")) >= exact, "a return's createdAt is at or after its snoozedUntil");
        Assert.Equal<long>([1, 1, 1, 0, 0, 2], Tally(counts));
        Assert.Equal(back.GetRawText(), (await live.Client.GetNotificationAsync(IdOf(created))).GetRawText());
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task A_return_takes_silent_by_do_not_disturb_at_that_moment_and_never_for_urgent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var normal = await _producer.CreatedAsync(new { userId, type = "system" });
        var urgent = await _producer.CreatedAsync(new { userId, type = "system", priority = "urgent" });
        Assert.False(normal.GetProperty("silent").GetBoolean());
        await (await user.PutJsonAsync("api/notifications/preferences", new { dnd = BroadcastTests.DndNow() })).ExpectAsync(HttpStatusCode.OK);
        var createdSilent = await _producer.CreatedAsync(new { userId, type = "system" });
        Assert.True(createdSilent.GetProperty("silent").GetBoolean());
        foreach (var id in new[] { IdOf(normal), IdOf(urgent), IdOf(createdSilent) })
        {
            await user.SnoozedAsync(id, DateTimeOffset.UtcNow.AddHours(1));
        }

        // Inside the window: silent, but never an urgent one.
        Assert.True((await user.PatchOkAsync($"api/notifications/{IdOf(normal)}/unsnooze")).GetProperty("silent").GetBoolean());
        Assert.False((await user.PatchOkAsync($"api/notifications/{IdOf(urgent)}/unsnooze")).GetProperty("silent").GetBoolean());

        // Created in the window, it returns after DND was turned off: not silent.
        await (await user.PutJsonAsync("api/notifications/preferences", new { })).ExpectAsync(HttpStatusCode.OK);
        var back = await user.PatchOkAsync($"api/notifications/{IdOf(createdSilent)}/unsnooze");
        Assert.False(back.GetProperty("silent").GetBoolean());
        Assert.Equal(back.GetRawText(), (await user.GetNotificationAsync(IdOf(createdSilent))).GetRawText());
    }

    [Fact]
    public async Task A_refused_snooze_or_unsnooze_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var archived = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        var plain = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        await live.Client.PatchOkAsync($"api/notifications/{IdOf(archived)}/archive");
        await live.ChangeAsync("notification:updated");
        var until = Wire(DateTimeOffset.UtcNow.AddHours(1));

        await (await live.Client.SnoozeAsync(IdOf(archived), until)).ExpectValidationAsync("id");
        await (await live.Client.SnoozeAsync(IdOf(plain), Wire(DateTimeOffset.UtcNow.AddDays(31)))).ExpectValidationAsync("until");
        await (await live.Client.PatchJsonAsync($"api/notifications/{IdOf(plain)}/snooze", "{}")).ExpectValidationAsync("until");
        await (await live.Client.SnoozeAsync(new string('a', 32), until)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await live.Client.PatchAsync($"api/notifications/{new string('a', 32)}/unsnooze", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);

        await live.AssertNothingElsePushedAsync(_producer);
        Assert.Equal(plain.GetRawText(), (await live.Client.GetNotificationAsync(IdOf(plain))).GetRawText());
    }

    [Fact]
    public async Task Snoozed_until_sent_with_an_offset_reads_in_utc_to_the_millisecond_in_every_answer_and_push()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        var until = DateTimeOffset.UtcNow.AddHours(2);
        var sent = until.ToOffset(new TimeSpan(-9, -30, 0)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff-09:30", System.Globalization.CultureInfo.InvariantCulture);

        var snoozed = await (await live.Client.SnoozeAsync(IdOf(created), sent)).ExpectAsync(HttpStatusCode.OK);

        var expected = Answered(until);
        var (pushed, _) = await live.ChangeAsync("notification:updated");
        foreach (var (where, notification) in new[]
        {
            ("answer", snoozed),
            ("push", pushed),
            ("GET", await live.Client.GetNotificationAsync(IdOf(created))),
            ("list", (await live.Client.ListAsync("?snoozed=true")).GetProperty("items")[0]),
            ("afterSeq", (await live.Client.ListAsync("?afterSeq=0&snoozed=true")).GetProperty("items")[0]),
        })
        {
            Assert.True(expected == notification.GetProperty("snoozedUntil").GetString(), $"{where}: {notification.GetProperty("snoozedUntil")}, expected {expected}");
        }
    }
}
