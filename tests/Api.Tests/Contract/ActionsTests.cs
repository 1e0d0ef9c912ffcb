using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, actions: up to three buttons in CreateNotification, and
/// <c>POST /api/notifications/{id}/actions/{actionId}</c> (the user's choice, recorded once, pushed).
/// </summary>
public abstract class ActionsTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : ActionsTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : ActionsTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    private static readonly object[] Buttons =
    [
        new { id = "accept", label = "Accept", url = "https://example.test/a?x=1" },
        new { id = "decline_2", label = "Decline" },
        new { id = "later-3", label = "Later", url = (string?)null },
    ];

    private async Task<(HttpClient User, JsonElement Created)> CreateWithButtonsAsync(string? userId = null)
    {
        userId ??= NotificationsApiFactory.NewUserId();
        return (factory.ClientFor(userId), await _producer.CreatedAsync(new { userId, type = "contact_request", senderId = "bob", actions = Buttons }));
    }

    [Fact]
    public async Task Actions_come_back_in_order_with_a_null_url_when_none_and_none_taken()
    {
        var (user, created) = await CreateWithButtonsAsync();
        using var _ = user;

        Assert.Equal(
            """[{"id":"accept","label":"Accept","url":"https://example.test/a?x=1"},{"id":"decline_2","label":"Decline","url":null},{"id":"later-3","label":"Later","url":null}]""",
            created.GetProperty("actions").GetRawText());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("actedAction").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("actedAt").ValueKind);
        Assert.Equal(created.GetRawText(), (await user.GetNotificationAsync(IdOf(created))).GetRawText());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task No_actions_is_an_empty_array(string actions)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var created = await _producer.CreatedAsync($$"""{"userId":"{{userId}}","type":"system","actions":{{actions}}}""");
        Assert.Equal("[]", created.GetProperty("actions").GetRawText());
    }

    [Fact]
    public async Task Labels_are_plain_text_and_count_code_points_before_sanitizing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var created = await _producer.CreatedAsync(new
        {
            userId,
            type = "system",
            actions = new object[]
            {
                new { id = "a", label = "<b>Yes</b> &amp; more" },
                new { id = "b", label = "<script>alert(1)</script>No" },
                new { id = "c", label = string.Concat(Enumerable.Repeat("\U0001F600", 40)) },
            },
        });

        var labels = created.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("label").GetString()!).ToArray();
        Assert.Equal(["Yes & more", "No", string.Concat(Enumerable.Repeat("\U0001F600", 40))], labels);
        Assert.All(labels, AssertPlainText);
    }

    public static TheoryData<string, string> InvalidActions() => new()
    {
        { "{}", "actions" },
        { "\"accept\"", "actions" },
        { """[{"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"},{"id":"d","label":"D"}]""", "actions" },
        { """["a"]""", "actions[0]" },
        { """[null]""", "actions[0]" },
        { """[{"label":"A"}]""", "actions[0].id" },
        { """[{"id":null,"label":"A"}]""", "actions[0].id" },
        { """[{"id":"","label":"A"}]""", "actions[0].id" },
        { """[{"id":"a b","label":"A"}]""", "actions[0].id" },
        { """[{"id":"a.b","label":"A"}]""", "actions[0].id" },
        { """[{"id":"é","label":"A"}]""", "actions[0].id" },
        { """[{"id":7,"label":"A"}]""", "actions[0].id" },
        { $$"""[{"id":"{{new string('i', 33)}}","label":"A"}]""", "actions[0].id" },
        { """[{"id":"a","label":"A"},{"id":"a","label":"B"}]""", "actions[1].id" },
        { """[{"id":"a"}]""", "actions[0].label" },
        { """[{"id":"a","label":""}]""", "actions[0].label" },
        { """[{"id":"a","label":null}]""", "actions[0].label" },
        { """[{"id":"a","label":1}]""", "actions[0].label" },
        { $$"""[{"id":"a","label":"{{new string('l', 41)}}"}]""", "actions[0].label" },
        { $$"""[{"id":"a","label":"<b>{{new string('l', 34)}}</b>"}]""", "actions[0].label" },
        { """[{"id":"a","label":"<b></b>"}]""", "actions[0].label" },
        { """[{"id":"a","label":"<script>alert(1)</script>"}]""", "actions[0].label" },
        { """[{"id":"a","label":"   "}]""", "actions[0].label" },
        { """[{"id":"a","label":"\ud800"}]""", "actions[0].label" },
        { """[{"id":"a","label":"A","url":"javascript:alert(1)"}]""", "actions[0].url" },
        { """[{"id":"a","label":"A","url":"ftp://example.test/x"}]""", "actions[0].url" },
        { """[{"id":"a","label":"A","url":"/relative"}]""", "actions[0].url" },
        { """[{"id":"a","label":"A","url":"https://x/a b"}]""", "actions[0].url" },
        { """[{"id":"a","label":"A","url":1}]""", "actions[0].url" },
        { $$"""[{"id":"a","label":"A","url":"https://example.test/{{new string('p', 2029)}}"}]""", "actions[0].url" },
        { """[{"id":"a","label":"A","id":"b"}]""", "actions[0].id" },
    };

    [Theory]
    [MemberData(nameof(InvalidActions))]
    public async Task Invalid_actions_are_a_400_naming_the_field_and_store_nothing(string actions, string field)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var single = await _producer.PostCreateAsync($$"""{"userId":"{{userId}}","type":"system","actions":{{actions}}}""");
        await single.ExpectValidationAsync(field);
        var batch = await _producer.PostJsonAsync("api/notifications/batch", $$$"""{"userIds":["{{{userId}}}"],"notification":{"type":"system","actions":{{{actions}}}}}""");
        await batch.ExpectValidationAsync("notification." + field);

        using var user = factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task The_longest_valid_url_and_id_are_accepted()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var url = "https://example.test/" + new string('p', 2048 - "https://example.test/".Length);
        var created = await _producer.CreatedAsync(new { userId, type = "system", actions = new[] { new { id = new string('i', 32), label = "A", url } } });
        Assert.Equal(url, created.GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Taking_an_action_records_it_marks_read_and_seen_and_the_same_again_answers_the_same()
    {
        var (user, created) = await CreateWithButtonsAsync();
        using var _ = user;

        var acted = await (await user.ActAsync(IdOf(created), "decline_2")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("decline_2", acted.GetProperty("actedAction").GetString());
        AssertTime(acted.GetProperty("actedAt"));
        Assert.True(acted.GetProperty("isRead").GetBoolean());
        Assert.Equal(acted.GetProperty("actedAt").GetString(), acted.GetProperty("readAt").GetString());
        Assert.Equal(acted.GetProperty("actedAt").GetString(), acted.GetProperty("seenAt").GetString());
        foreach (var name in NotificationProperties.Except(["actedAction", "actedAt", "isRead", "readAt", "seenAt"]))
        {
            Assert.Equal(created.GetProperty(name).GetRawText(), acted.GetProperty(name).GetRawText());
        }

        Assert.Equal(acted.GetRawText(), (await (await user.ActAsync(IdOf(created), "decline_2")).ExpectAsync(HttpStatusCode.OK)).GetRawText());
        Assert.Equal(acted.GetRawText(), (await user.GetNotificationAsync(IdOf(created))).GetRawText());
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 1 }, await user.TallyAsync());
    }

    [Fact]
    public async Task Another_action_after_one_was_taken_is_a_409_and_changes_nothing()
    {
        var (user, created) = await CreateWithButtonsAsync();
        using var _ = user;
        var acted = await (await user.ActAsync(IdOf(created), "accept")).ExpectAsync(HttpStatusCode.OK);

        await (await user.ActAsync(IdOf(created), "later-3")).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(acted.GetRawText(), (await user.GetNotificationAsync(IdOf(created))).GetRawText());
    }

    [Fact]
    public async Task An_unknown_action_is_a_404_whether_or_not_one_was_taken()
    {
        var (user, created) = await CreateWithButtonsAsync();
        using var _ = user;
        var plain = await _producer.CreatedAsync(new { userId = created.GetProperty("userId").GetString(), type = "system" });

        foreach (var actionId in new[] { "nope", "Accept", "accept%20", "%20accept", new string('a', 33), "a.b", "acc%C3%A9pt" })
        {
            await (await user.ActAsync(IdOf(created), actionId)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await user.ActAsync(IdOf(plain), actionId)).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        await (await user.ActAsync(IdOf(plain), "accept")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await user.ActAsync(IdOf(created), "accept")).ExpectAsync(HttpStatusCode.OK);
        await (await user.ActAsync(IdOf(created), "nope")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_action_on_an_unknown_or_someone_else_s_notification_is_a_404()
    {
        var (owner, created) = await CreateWithButtonsAsync();
        using var _ = owner;
        using var stranger = factory.ClientFor(NotificationsApiFactory.NewUserId());

        foreach (var id in new[] { IdOf(created), new string('f', 32), "not-an-id" })
        {
            await (await stranger.ActAsync(id, "accept")).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(JsonValueKind.Null, (await owner.GetNotificationAsync(IdOf(created))).GetProperty("actedAction").ValueKind);
    }

    [Fact]
    public async Task An_action_may_be_taken_on_an_archived_or_a_snoozed_one_which_stays_so()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var (user, archived) = await CreateWithButtonsAsync(userId);
        using var _ = user;
        var (_, snoozed) = await CreateWithButtonsAsync(userId);
        await user.PatchOkAsync($"api/notifications/{IdOf(archived)}/archive");
        var until = DateTimeOffset.UtcNow.AddHours(1);
        await user.SnoozedAsync(IdOf(snoozed), until);

        var actedArchived = await (await user.ActAsync(IdOf(archived), "accept")).ExpectAsync(HttpStatusCode.OK);
        var actedSnoozed = await (await user.ActAsync(IdOf(snoozed), "later-3")).ExpectAsync(HttpStatusCode.OK);

        AssertTime(actedArchived.GetProperty("archivedAt"));
        Assert.Equal(Answered(until), actedSnoozed.GetProperty("snoozedUntil").GetString());
        Assert.True(actedSnoozed.GetProperty("isRead").GetBoolean());
        Assert.Equal([IdOf(archived)], await user.ListIdsAsync("?archived=true"));
        Assert.Equal([IdOf(snoozed)], await user.ListIdsAsync("?snoozed=true"));
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 2 }, await user.TallyAsync());

        // A return keeps the action taken, and is unread again.
        var back = await user.PatchOkAsync($"api/notifications/{IdOf(snoozed)}/unsnooze");
        Assert.Equal("later-3", back.GetProperty("actedAction").GetString());
        Assert.Equal(actedSnoozed.GetProperty("actedAt").GetString(), back.GetProperty("actedAt").GetString());
        Assert.False(back.GetProperty("isRead").GetBoolean());
    }

    [Fact]
    public async Task Taking_an_action_pushes_updated_then_counts_never_read_and_a_repeat_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var (_, created) = await CreateWithButtonsAsync(live.UserId);
        await live.ChangeAsync("notification");

        var acted = await (await live.Client.ActAsync(IdOf(created), "accept")).ExpectAsync(HttpStatusCode.OK);

        var (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(acted.GetRawText(), pushed.GetRawText());
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 1 }, Tally(counts));

        await (await live.Client.ActAsync(IdOf(created), "accept")).ExpectAsync(HttpStatusCode.OK);
        await (await live.Client.ActAsync(IdOf(created), "later-3")).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await live.Client.ActAsync(IdOf(created), "nope")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task A_batch_gives_every_recipient_the_actions()
    {
        var users = new[] { NotificationsApiFactory.NewUserId(), NotificationsApiFactory.NewUserId() };
        var answer = await (await _producer.PostJsonAsync("api/notifications/batch", new { userIds = users, notification = new { type = "system", actions = Buttons } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, answer.GetProperty("created").GetInt32());

        foreach (var userId in users)
        {
            using var user = factory.ClientFor(userId);
            var item = (await user.ListAsync()).GetProperty("items")[0];
            Assert.Equal(["accept", "decline_2", "later-3"], item.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        }
    }
}
