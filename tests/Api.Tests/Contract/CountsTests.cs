using System.Net;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, Counts: <c>{ total, unread, unseen, archived, snoozed, byType, byPriority, lastSeq }</c>; by type/priority count unread only.</summary>
public abstract class CountsTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : CountsTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : CountsTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    [Fact]
    public async Task A_new_user_has_zero_counts()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var counts = await client.CountsAsync();

        Assert.Equal(CountsProperties, counts.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(0, counts.GetProperty("total").GetInt32());
        Assert.Equal(0, counts.GetProperty("unread").GetInt32());
        Assert.Equal(0, counts.GetProperty("unseen").GetInt32());
        Assert.Equal(0, counts.GetProperty("archived").GetInt32());
        Assert.Equal(0, counts.GetProperty("snoozed").GetInt32());
        Assert.Empty(NonZero(counts.GetProperty("byType")));
        Assert.Empty(NonZero(counts.GetProperty("byPriority")));
        Assert.Equal(0, counts.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task By_type_and_by_priority_count_unread_only_and_zero_entries_may_be_omitted()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        var reaction = await _producer.CreatedAsync(new { userId, type = "message_reaction" });
        await _producer.CreatedAsync(new { userId, type = "new_message" });
        await _producer.CreatedAsync(new { userId, type = "new_message", priority = "urgent" });
        await _producer.CreatedAsync(new { userId, type = "missed_call" });

        var counts = await client.CountsAsync();
        Assert.Equal(4, counts.GetProperty("total").GetInt32());
        Assert.Equal(4, counts.GetProperty("unread").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["message_reaction"] = 1, ["new_message"] = 2, ["missed_call"] = 1 }, NonZero(counts.GetProperty("byType")));
        Assert.Equal(new Dictionary<string, int> { ["low"] = 1, ["normal"] = 1, ["urgent"] = 1, ["high"] = 1 }, NonZero(counts.GetProperty("byPriority")));
        Assert.All(counts.GetProperty("byType").EnumerateObject(), p => Assert.Contains(p.Name, Types));
        Assert.All(counts.GetProperty("byPriority").EnumerateObject(), p => Assert.Contains(p.Name, new[] { "low", "normal", "high", "urgent" }));

        await (await client.PatchAsync($"api/notifications/{reaction.GetProperty("id").GetString()}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await client.PatchJsonAsync("api/notifications/read-all", new { type = "missed_call" })).ExpectAsync(HttpStatusCode.OK);

        counts = await client.CountsAsync();
        Assert.Equal(4, counts.GetProperty("total").GetInt32());
        Assert.Equal(2, counts.GetProperty("unread").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["new_message"] = 2 }, NonZero(counts.GetProperty("byType")));
        Assert.Equal(new Dictionary<string, int> { ["normal"] = 1, ["urgent"] = 1 }, NonZero(counts.GetProperty("byPriority")));
        Assert.All(counts.GetProperty("byType").EnumerateObject(), p => Assert.True(p.Value.GetInt32() >= 0));
        Assert.Equal(4, counts.GetProperty("lastSeq").GetInt64());

        // Counts agree with the list.
        Assert.Equal(4, (await client.ListAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(2, (await client.ListAsync("?isRead=false")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Last_seq_never_decreases_when_the_newest_is_deleted()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        var created = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await _producer.CreatedAsync(new { userId, type = "system" }));
        }

        Assert.Equal([1L, 2, 3], created.Select(n => n.GetProperty("seq").GetInt64()));
        await (await client.DeleteAsync($"api/notifications/{created[2].GetProperty("id").GetString()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var counts = await client.CountsAsync();
        Assert.Equal(2, counts.GetProperty("total").GetInt32());
        Assert.Equal(3, counts.GetProperty("lastSeq").GetInt64());

        foreach (var n in created.Take(2))
        {
            await (await client.DeleteAsync($"api/notifications/{n.GetProperty("id").GetString()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        }

        await client.AssertNothingLeftAsync(lastSeq: 3);
        Assert.Equal(4, (await _producer.CreatedAsync(new { userId, type = "system" })).GetProperty("seq").GetInt64());
        Assert.Equal(4, (await client.CountsAsync()).GetProperty("lastSeq").GetInt64());
    }
}
