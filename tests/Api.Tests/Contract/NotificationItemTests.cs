using System.Globalization;
using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md: <c>GET</c>, <c>PATCH …/read</c> and <c>DELETE</c> of one notification; 404 for someone else's.</summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationItemTests(NotificationsApiFactory factory)
{
    private readonly HttpClient _producer = factory.Producer();

    private static string IdOf(JsonElement notification) => notification.GetProperty("id").GetString()!;

    [Fact]
    public async Task Get_returns_the_notification()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "missed_call", callSessionId = "call-1" });

        var response = await client.GetPathAsync($"api/notifications/{IdOf(created)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(created.GetRawText(), (await response.ExpectAsync(HttpStatusCode.OK)).GetRawText());
    }

    [Fact]
    public async Task Mark_read_sets_read_at_once_and_is_idempotent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "new_message" });

        var read = await (await client.PatchAsync($"api/notifications/{IdOf(created)}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(read.GetProperty("isRead").GetBoolean());
        AssertTime(read.GetProperty("readAt"));
        Assert.True(string.CompareOrdinal(read.GetProperty("readAt").GetString(), created.GetProperty("createdAt").GetString()) >= 0);
        // v2: a read notification is always seen; marking read sets seenAt when it was null.
        Assert.Equal(read.GetProperty("readAt").GetString(), read.GetProperty("seenAt").GetString());
        foreach (var name in NotificationProperties.Except(["isRead", "readAt", "seenAt"]))
        {
            Assert.Equal(created.GetProperty(name).GetRawText(), read.GetProperty(name).GetRawText());
        }

        var again = await (await client.PatchAsync($"api/notifications/{IdOf(created)}/read", Json("{}"), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(read.GetRawText(), again.GetRawText());
        Assert.Equal(read.GetRawText(), (await (await client.GetPathAsync($"api/notifications/{IdOf(created)}")).ExpectAsync(HttpStatusCode.OK)).GetRawText());
        Assert.Equal(0, (await client.CountsAsync()).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Delete_answers_204_then_404()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "new_message" });

        var deleted = await client.DeleteAsync($"api/notifications/{IdOf(created)}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync(Ct));

        await (await client.DeleteAsync($"api/notifications/{IdOf(created)}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetPathAsync($"api/notifications/{IdOf(created)}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchAsync($"api/notifications/{IdOf(created)}/read", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await client.AssertNothingLeftAsync(lastSeq: 1);
    }

    [Fact]
    public async Task Someone_elses_notification_is_a_404_that_reveals_nothing_and_changes_nothing()
    {
        var alice = NotificationsApiFactory.NewUserId();
        using var aliceClient = factory.ClientFor(alice);
        using var mallory = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var created = await _producer.CreatedAsync(new { userId = alice, type = "new_message", title = "SecretTitle", content = "SecretContent" });
        var path = $"api/notifications/{IdOf(created)}";

        foreach (var response in new[]
        {
            await mallory.GetPathAsync(path),
            await mallory.PatchAsync(path + "/read", null, Ct),
            await mallory.DeleteAsync(path, Ct),
        })
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("Secret", problem.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(alice, problem.GetRawText(), StringComparison.Ordinal);
        }

        // Her notification is untouched, and the other user's inbox is still empty.
        Assert.Equal(created.GetRawText(), (await (await aliceClient.GetPathAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetRawText());
        await mallory.AssertEmptyInboxAsync();
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    [InlineData("%20")]
    [InlineData("a%2Fb")]
    [InlineData("%C3%A9t%C3%A9")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task An_unknown_or_garbage_id_is_a_404_problem(string id)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await _producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "system" });

        await (await client.GetPathAsync($"api/notifications/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchAsync($"api/notifications/{id}/read", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"api/notifications/{id}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_notification_is_gone_from_get_read_delete_list_and_counts()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        // Long enough for the set-up below to finish before it, even on a loaded machine.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2.5);
        var expiring = await _producer.CreatedAsync(new
        {
            userId, type = "contact_request", idempotencyKey = "exp",
            expiresAt = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        });
        var expiringRead = await _producer.CreatedAsync(new
        {
            userId, type = "system", expiresAt = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        });
        await (await client.PatchAsync($"api/notifications/{IdOf(expiringRead)}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var lasting = await _producer.CreatedAsync(new { userId, type = "new_message" });
        var path = $"api/notifications/{IdOf(expiring)}";
        Assert.Equal(3, (await client.CountsAsync()).GetProperty("total").GetInt32());

        // Poll (the only wait in this suite): once GET says 404, everything else must agree at once.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await client.GetPathAsync(path)).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "The notification did not expire in time.");
            await Task.Delay(100, Ct);
        }

        Assert.True(DateTimeOffset.UtcNow >= expiresAt.AddMilliseconds(-1), "It was gone before its expiresAt.");
        await (await client.GetPathAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchAsync(path + "/read", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync(path, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetPathAsync($"api/notifications/{IdOf(expiringRead)}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal([IdOf(lasting)], Ids(await client.ListAsync()));
        Assert.Equal([IdOf(lasting)], Ids(await client.ListAsync("?afterSeq=0")));
        Assert.Empty((await client.ListAsync("?type=contact_request")).GetProperty("items").EnumerateArray());
        var counts = await client.CountsAsync();
        Assert.Equal(1, counts.GetProperty("total").GetInt32());
        Assert.Equal(1, counts.GetProperty("unread").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["new_message"] = 1 }, NonZero(counts.GetProperty("byType")));
        Assert.Equal(new Dictionary<string, int> { ["normal"] = 1 }, NonZero(counts.GetProperty("byPriority")));
        Assert.Equal(3, counts.GetProperty("lastSeq").GetInt64());

        // Read-all does not count it, and its idempotency key is free again.
        Assert.Equal(1, (await (await client.PatchAsync("api/notifications/read-all", null, Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("updated").GetInt32());
        var reborn = await _producer.CreatedAsync(new { userId, type = "contact_request", idempotencyKey = "exp" });
        Assert.Equal(4, reborn.GetProperty("seq").GetInt64());
    }
}
