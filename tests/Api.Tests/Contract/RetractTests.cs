using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, <c>POST /api/notifications/retract</c> (role <c>service</c>): every live notification
/// that refers to the message goes, in every inbox, each pushed to its user as a delete; the answer
/// counts them once they are durable.
/// </summary>
public abstract class RetractTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : RetractTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : RetractTests(factory);

    private const string Path = "api/notifications/retract";

    private readonly HttpClient _producer = factory.Producer();

    private async Task<int> RetractAsync(string messageId)
    {
        var answer = await (await _producer.PostJsonAsync(Path, new { messageId })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["deleted"], answer.EnumerateObject().Select(p => p.Name));
        return answer.GetProperty("deleted").GetInt32();
    }

    [Fact]
    public async Task Retract_deletes_every_notification_of_the_message_for_every_user_and_nothing_else()
    {
        var message = "msg:" + Guid.NewGuid().ToString("N");
        var (alice, bob, carol) = (NotificationsApiFactory.NewUserId(), NotificationsApiFactory.NewUserId(), NotificationsApiFactory.NewUserId());
        var aliceMention = await _producer.CreatedAsync(new { userId = alice, type = "user_mentioned", senderId = "dave", messageId = message });
        var aliceReply = await _producer.CreatedAsync(new { userId = alice, type = "message_reply", messageId = message, conversationId = "c1" });
        var aliceOther = await _producer.CreatedAsync(new { userId = alice, type = "message_reply", messageId = message + "x", conversationId = "c1" });
        await (await _producer.PostJsonAsync("api/notifications/batch", new { userIds = new[] { bob, carol }, notification = new { type = "new_message", messageId = message } })).ExpectAsync(HttpStatusCode.OK);
        var bobPlain = await _producer.CreatedAsync(new { userId = bob, type = "system" });

        Assert.Equal(4, await RetractAsync(message));

        using var aliceClient = factory.ClientFor(alice);
        Assert.Equal([IdOf(aliceOther)], await aliceClient.ListIdsAsync());
        foreach (var id in new[] { IdOf(aliceMention), IdOf(aliceReply) })
        {
            await (await aliceClient.GetPathAsync($"api/notifications/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 3 }, await aliceClient.TallyAsync());
        using var bobClient = factory.ClientFor(bob);
        Assert.Equal([IdOf(bobPlain)], await bobClient.ListIdsAsync());
        using var carolClient = factory.ClientFor(carol);
        await carolClient.AssertNothingLeftAsync(lastSeq: 1);

        Assert.Equal(0, await RetractAsync(message));
    }

    [Fact]
    public async Task Retract_takes_archived_and_snoozed_ones_too()
    {
        var message = "m-" + Guid.NewGuid().ToString("N");
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var archived = await _producer.CreatedAsync(new { userId, type = "new_message", messageId = message });
        var snoozed = await _producer.CreatedAsync(new { userId, type = "new_message", messageId = message });
        await _producer.CreatedAsync(new { userId, type = "new_message", messageId = message });
        await user.PatchOkAsync($"api/notifications/{IdOf(archived)}/archive");
        await user.SnoozedAsync(IdOf(snoozed), DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(3, await RetractAsync(message));

        await user.AssertNothingLeftAsync(lastSeq: 3);
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 3 }, await user.TallyAsync());
        Assert.Empty(await user.ListIdsAsync("?archived=true"));
        Assert.Empty(await user.ListIdsAsync("?snoozed=true"));
    }

    [Fact]
    public async Task Retract_follows_the_message_a_replacement_refers_to_now()
    {
        var (before, after) = ("m-" + Guid.NewGuid().ToString("N"), "m-" + Guid.NewGuid().ToString("N"));
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "new_message", messageId = before, collapseKey = "k" });
        await (await _producer.PostCreateAsync(new { userId, type = "new_message", messageId = after, collapseKey = "k" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, await RetractAsync(before));
        Assert.Equal(after, (await user.GetNotificationAsync(IdOf(first))).GetProperty("messageId").GetString());
        Assert.Equal(1, await RetractAsync(after));
        await user.AssertNothingLeftAsync(lastSeq: 2);
    }

    [Fact]
    public async Task Only_producers_may_retract()
    {
        var message = "m-" + Guid.NewGuid().ToString("N");
        var userId = NotificationsApiFactory.NewUserId();
        await _producer.CreatedAsync(new { userId, type = "new_message", messageId = message });

        using var user = factory.ClientFor(userId);
        await (await user.PostJsonAsync(Path, new { messageId = message })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), Roles.Admin);
        await (await admin.PostJsonAsync(Path, new { messageId = message })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = factory.ClientFor(null);
        await (await anonymous.PostJsonAsync(Path, new { messageId = message })).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(1, (await user.CountsAsync()).GetProperty("total").GetInt32());
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { "{}", "messageId" },
        { """{"messageId":null}""", "messageId" },
        { """{"messageId":""}""", "messageId" },
        { """{"messageId":"m 1"}""", "messageId" },
        { """{"messageId":"m/1"}""", "messageId" },
        { """{"messageId":1}""", "messageId" },
        { """{"messageId":["m1"]}""", "messageId" },
        { """{"messageId":"\ud800"}""", "messageId" },
        { $$"""{"messageId":"{{new string('m', 129)}}"}""", "messageId" },
        { """{"messageId":"m1","messageId":"m2"}""", "messageId" },
        { """{"conversationId":"c1"}""", "messageId" },
        { "[]", "$" },
        { "\"m1\"", "$" },
        { "null", "$" },
        { "", "body" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_body_is_a_400_naming_the_field(string body, string field)
    {
        await (await _producer.PostJsonAsync(Path, body)).ExpectValidationAsync(field);
    }

    [Fact]
    public async Task Each_retracted_notification_is_pushed_as_deleted_then_counts_to_its_user_only()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var message = "m-" + Guid.NewGuid().ToString("N");
        var first = await _producer.CreatedAsync(new { userId = live.UserId, type = "new_message", messageId = message });
        await live.ChangeAsync("notification");
        var second = await _producer.CreatedAsync(new { userId = live.UserId, type = "message_reply", messageId = message });
        await live.ChangeAsync("notification");
        await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");

        Assert.Equal(2, await RetractAsync(message));

        var events = await live.NextAsync("notification:deleted", "notification:counts", "notification:deleted", "notification:counts");
        Assert.Equal(
            new[] { IdOf(first), IdOf(second) }.Order(),
            new[] { events[0].GetProperty("id").GetString()!, events[2].GetProperty("id").GetString()! }.Order());
        Assert.Equal(new long[] { 2, 2, 2, 0, 0, 3 }, Tally(events[1]));
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 3 }, Tally(events[3]));
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task A_retract_that_deletes_nothing_of_the_user_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var message = "m-" + Guid.NewGuid().ToString("N");
        var kept = await _producer.CreatedAsync(new { userId = live.UserId, type = "new_message", messageId = message + "-other" });
        await live.ChangeAsync("notification");
        await _producer.CreatedAsync(new { userId = live.OtherUserId, type = "new_message", messageId = message });
        await live.Other.NextAsync("notification");
        await live.Other.NextAsync("notification:counts");

        Assert.Equal(1, await RetractAsync(message));
        await live.Other.NextAsync("notification:deleted");
        await live.Other.NextAsync("notification:counts");
        Assert.Equal(0, await RetractAsync(message));

        await live.AssertNothingElsePushedAsync(_producer);
        Assert.Equal(kept.GetRawText(), (await live.Client.GetNotificationAsync(IdOf(kept))).GetRawText());
    }
}
