using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// The retention cap from outside (README, Configuration: <c>Inbox__MaxNotificationsPerUser</c>):
/// a service restarted with a lower cap trims an inbox to its newest N, and what the counts say
/// equals what the list returns throughout, over REST and over SignalR.
/// </summary>
public sealed class RetentionTests : IAsyncDisposable
{
    private const int Cap = 6;

    private readonly string _directory = Directory.CreateTempSubdirectory("api-retention-").FullName;

    [Fact]
    public async Task A_lowered_cap_keeps_the_newest_and_counts_equal_the_list_while_it_trims()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var ids = new List<string>();
        await using (var first = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>()))
        {
            await first.InitializeAsync();
            using var producer = first.Producer();
            for (var i = 0; i < 20; i++)
            {
                var type = i % 3 == 0 ? "system" : "new_message";
                ids.Add((await producer.CreatedAsync(new { userId, type, conversationId = "c1" })).GetProperty("id").GetString()!);
            }

            using var client = first.ClientFor(userId);
            await (await client.PatchAsync($"api/notifications/{ids[^1]}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(20, (await client.CountsAsync()).GetProperty("total").GetInt32());
        }

        await using var second = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>
        {
            ["Inbox:MaxNotificationsPerUser"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inbox:TrimBatchSize"] = "3",
        });
        await second.InitializeAsync();
        await using var hub = second.HubFor(userId);
        var events = new EventRecorder(hub);
        await hub.StartAsync(Ct);
        using (var client = second.ClientFor(userId))
        {
            // The connection woke the inbox; its trim runs between these requests.
            JsonElement counts;
            var rounds = 0;
            do
            {
                Assert.True(++rounds < 50, "the trim does not end");
                var before = await client.CountsAsync();
                var list = (await client.WalkAsync("", limit: 4)).SelectMany(page => page.GetProperty("items").EnumerateArray()).ToArray();
                counts = await client.CountsAsync();
                if (before.GetProperty("total").GetInt32() == counts.GetProperty("total").GetInt32())
                {
                    Assert.Equal(counts.GetProperty("total").GetInt32(), list.Length);
                    Assert.Equal(counts.GetProperty("unread").GetInt32(), list.Count(n => !n.GetProperty("isRead").GetBoolean()));
                    Assert.Equal(
                        NonZero(counts.GetProperty("byType")),
                        list.Where(n => !n.GetProperty("isRead").GetBoolean()).GroupBy(n => n.GetProperty("type").GetString()!).ToDictionary(g => g.Key, g => g.Count()));
                }
            }
            while (counts.GetProperty("total").GetInt32() > Cap);

            Assert.Equal(20, counts.GetProperty("lastSeq").GetInt64());
            Assert.Equal(ids.TakeLast(Cap).Reverse(), Ids(await client.ListAsync()));

            // Each new one pushes the oldest out.
            using var producer = second.Producer();
            var newest = (await producer.CreatedAsync(new { userId, type = "system" })).GetProperty("id").GetString()!;
            var afterCreate = ids.TakeLast(Cap - 1).Append(newest).Reverse().ToArray();
            var rest = 0;
            while (Ids(await client.ListAsync()).Length > Cap)
            {
                Assert.True(++rest < 50, "the trim after a create does not end");
            }

            Assert.Equal(afterCreate, Ids(await client.ListAsync()));
            Assert.Equal(Cap, (await client.CountsAsync()).GetProperty("total").GetInt32());
        }

        // The pushed counts reach the cap too: the last counts event says what REST says.
        JsonElement pushed;
        do
        {
            pushed = await events.SkipToAsync("notification:counts");
        }
        while (pushed.GetProperty("lastSeq").GetInt64() < 21 || pushed.GetProperty("total").GetInt32() > Cap);

        Assert.Equal(Cap, pushed.GetProperty("total").GetInt32());
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
