using System.Net;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// SPEC §2/§4: the store is the source of truth, so a restarted service on the same database
/// answers exactly what the first one did. Not in the shared collection: it runs its own servers.
/// </summary>
public sealed class RestartTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("api-restart-").FullName;

    [Fact]
    public async Task A_restart_loses_nothing()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var other = NotificationsApiFactory.NewUserId();
        string counts, list, catchUp, preferences, otherCounts;

        await using (var first = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>()))
        {
            await first.InitializeAsync();
            using var producer = first.Producer();
            using var client = first.ClientFor(userId);
            var created = new List<string>();
            foreach (var (type, conversationId) in new (string, string?)[]
            {
                ("new_message", "c1"), ("message_reply", "c1"), ("contact_request", null), ("system", null), ("new_message", "c2"), ("missed_call", null),
            })
            {
                created.Add((await producer.CreatedAsync(new { userId, type, conversationId, idempotencyKey = $"k-{created.Count}", data = new { n = created.Count } }))
                    .GetProperty("id").GetString()!);
            }

            await (await client.PatchAsync($"api/notifications/{created[0]}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
            await (await client.PatchJsonAsync("api/notifications/read-all", new { conversationId = "c2" })).ExpectAsync(HttpStatusCode.OK);
            await (await client.DeleteAsync($"api/notifications/{created[5]}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
            await (await client.PutJsonAsync("api/notifications/preferences", new
            {
                disabledTypes = new[] { "message_reaction" },
                mutedConversations = new[] { "c9" },
                dnd = new { enabled = true, start = "23:30", end = "06:15", timeZone = "Europe/Paris" },
            })).ExpectAsync(HttpStatusCode.OK);
            await producer.CreatedAsync(new { userId = other, type = "system" });

            counts = (await client.CountsAsync()).GetRawText();
            list = (await client.ListAsync()).GetRawText();
            catchUp = (await client.ListAsync("?afterSeq=2")).GetRawText();
            preferences = (await (await client.GetPathAsync("api/notifications/preferences")).ExpectAsync(HttpStatusCode.OK)).GetRawText();
            using var otherClient = first.ClientFor(other);
            otherCounts = (await otherClient.CountsAsync()).GetRawText();
            Assert.Contains("\"lastSeq\":6", counts, StringComparison.Ordinal);
        }

        await using var second = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>());
        await second.InitializeAsync();
        using (var client = second.ClientFor(userId))
        using (var producer = second.Producer())
        using (var otherClient = second.ClientFor(other))
        {
            Assert.Equal(counts, (await client.CountsAsync()).GetRawText());
            Assert.Equal(list, (await client.ListAsync()).GetRawText());
            Assert.Equal(catchUp, (await client.ListAsync("?afterSeq=2")).GetRawText());
            Assert.Equal(preferences, (await (await client.GetPathAsync("api/notifications/preferences")).ExpectAsync(HttpStatusCode.OK)).GetRawText());
            Assert.Equal(otherCounts, (await otherClient.CountsAsync()).GetRawText());

            // Idempotency keys survive; the next create continues the seq after the deleted newest one.
            var duplicate = await (await producer.PostCreateAsync(new { userId, type = "new_message", idempotencyKey = "k-1" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("duplicate", duplicate.GetProperty("status").GetString());
            Assert.Equal(2, duplicate.GetProperty("notification").GetProperty("seq").GetInt64());
            var suppressed = await (await producer.PostCreateAsync(new { userId, type = "message_reaction" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("suppressed", suppressed.GetProperty("status").GetString());
            Assert.Equal(7, (await producer.CreatedAsync(new { userId, type = "system" })).GetProperty("seq").GetInt64());
            Assert.Equal(7, (await client.CountsAsync()).GetProperty("lastSeq").GetInt64());
        }
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
