using System.Globalization;
using System.Net;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, <c>POST /api/admin/broadcast</c> (role admin).</summary>
[Collection(ApiCollection.Name)]
public sealed class BroadcastTests(NotificationsApiFactory factory)
{
    private readonly HttpClient _admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");

    private Task<HttpResponseMessage> BroadcastAsync(object body) =>
        _admin.PostAsync("api/admin/broadcast", body is string s ? Json(s) : Json(body), Ct);

    /// <summary>A DND window around the current UTC time (an hour each side; crossing midnight is allowed).</summary>
    public static object DndNow() => new
    {
        enabled = true,
        start = DateTime.UtcNow.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture),
        end = DateTime.UtcNow.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture),
        timeZone = "UTC",
    };

    [Fact]
    public async Task A_broadcast_creates_a_system_notification_per_user_with_the_batch_answer()
    {
        var users = Enumerable.Range(0, 4).Select(_ => NotificationsApiFactory.NewUserId()).ToArray();
        using (var client = factory.ClientFor(users[1]))
        {
            await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "system" } })).ExpectAsync(HttpStatusCode.OK);
        }

        using (var client = factory.ClientFor(users[2]))
        {
            // Only types of SPEC §3 are muted per conversation; system is not affected by other types being disabled.
            await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "new_message" } })).ExpectAsync(HttpStatusCode.OK);
        }

        var answer = await (await BroadcastAsync(new { userIds = users, title = "Maintenance <i>tonight</i>", content = "We will be down &amp; back" }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["created", "duplicate", "rateLimited", "replaced", "results", "suppressed"], answer.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(0, answer.GetProperty("replaced").GetInt32());
        Assert.Equal(3, answer.GetProperty("created").GetInt32());
        Assert.Equal(0, answer.GetProperty("duplicate").GetInt32());
        Assert.Equal(1, answer.GetProperty("suppressed").GetInt32());
        Assert.Equal(0, answer.GetProperty("rateLimited").GetInt32());
        var results = answer.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(users, results.Select(r => r.GetProperty("userId").GetString()));
        Assert.Equal(["created", "suppressed", "created", "created"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.False(results[1].TryGetProperty("id", out _));

        foreach (var i in new[] { 0, 2, 3 })
        {
            using var client = factory.ClientFor(users[i]);
            var item = Assert.Single((await client.ListAsync()).GetProperty("items").EnumerateArray());
            Assert.Equal(results[i].GetProperty("id").GetString(), item.GetProperty("id").GetString());
            Assert.Equal("system", item.GetProperty("type").GetString());
            Assert.Equal("Maintenance tonight", item.GetProperty("title").GetString());
            Assert.Equal("We will be down & back", item.GetProperty("content").GetString());
            Assert.Equal("normal", item.GetProperty("priority").GetString());
            Assert.False(item.GetProperty("silent").GetBoolean());
        }

        using (var client = factory.ClientFor(users[1]))
        {
            await client.AssertEmptyInboxAsync();
        }
    }

    [Fact]
    public async Task Do_not_disturb_makes_it_silent_unless_urgent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        await (await client.PutJsonAsync("api/notifications/preferences", new { dnd = DndNow() })).ExpectAsync(HttpStatusCode.OK);

        await (await BroadcastAsync(new { userIds = new[] { userId }, title = "Normal", content = "n" })).ExpectAsync(HttpStatusCode.OK);
        await (await BroadcastAsync(new { userIds = new[] { userId }, title = "Urgent", content = "u", priority = "urgent" })).ExpectAsync(HttpStatusCode.OK);
        await (await BroadcastAsync(new { userIds = new[] { userId }, title = "High", content = "h", priority = "high" })).ExpectAsync(HttpStatusCode.OK);

        var items = (await client.ListAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(n => n.GetProperty("title").GetString()!, n => (Priority: n.GetProperty("priority").GetString(), Silent: n.GetProperty("silent").GetBoolean()));
        Assert.Equal(("normal", true), items["Normal"]);
        Assert.Equal(("urgent", false), items["Urgent"]);
        Assert.Equal(("high", true), items["High"]);
    }

    [Theory]
    [InlineData("""{"userIds":["USER"],"content":"c"}""", "title")]
    [InlineData("""{"userIds":["USER"],"title":"t"}""", "content")]
    [InlineData("""{"userIds":["USER"],"title":null,"content":"c"}""", "title")]
    [InlineData("""{"userIds":["USER"],"title":"t","content":"c","priority":"critical"}""", "priority")]
    [InlineData("""{"title":"t","content":"c"}""", "userIds")]
    [InlineData("""{"userIds":[],"title":"t","content":"c"}""", "userIds")]
    [InlineData("""{"userIds":"USER","title":"t","content":"c"}""", "userIds")]
    public async Task Missing_or_invalid_fields_are_400s(string template, string field)
    {
        var userId = NotificationsApiFactory.NewUserId();
        await (await BroadcastAsync(template.Replace("USER", userId, StringComparison.Ordinal))).ExpectValidationAsync(field);
        using var client = factory.ClientFor(userId);
        await client.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task Repeated_or_invalid_ids_are_400s()
    {
        var userId = NotificationsApiFactory.NewUserId();
        await (await BroadcastAsync(new { userIds = new[] { userId, userId }, title = "t", content = "c" })).ExpectValidationAsync("userIds");
        await (await BroadcastAsync(new { userIds = new[] { userId, "x y" }, title = "t", content = "c" })).ExpectValidationAsync("userIds");
        await (await BroadcastAsync(new { userIds = Enumerable.Range(0, 10_001).Select(i => $"x{i}"), title = "t", content = "c" })).ExpectValidationAsync("userIds");
        using var client = factory.ClientFor(userId);
        await client.AssertEmptyInboxAsync();
    }
}
