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

    [Fact]
    public async Task A_restart_loses_none_of_the_v2_states_and_a_retract_is_durable_once_answered()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var message = "m-" + Guid.NewGuid().ToString("N");
        string[] answers;
        string[] retracted;

        await using (var first = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>()))
        {
            await first.InitializeAsync();
            using var producer = first.Producer();
            using var client = first.ClientFor(userId);
            retracted =
            [
                IdOf(await producer.CreatedAsync(new { userId, type = "new_message", messageId = message })),
                IdOf(await producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = "bob", messageId = message })),
            ];
            var acted = await producer.CreatedAsync(new { userId, type = "contact_request", actions = new[] { new { id = "ok", label = "OK" } } });
            await producer.CreatedAsync(new { userId, type = "new_message", collapseKey = "k", idempotencyKey = "i1" });
            await (await producer.PostCreateAsync(new { userId, type = "new_message", collapseKey = "k", idempotencyKey = "i2" })).ExpectAsync(HttpStatusCode.OK);
            var snoozed = await producer.CreatedAsync(new { userId, type = "system" });
            var archived = await producer.CreatedAsync(new { userId, type = "system" });
            await client.PatchOkAsync("api/notifications/seen", new { upToSeq = 4 });
            await (await client.ActAsync(IdOf(acted), "ok")).ExpectAsync(HttpStatusCode.OK);
            await client.SnoozedAsync(IdOf(snoozed), DateTimeOffset.UtcNow.AddHours(1));
            await client.PatchOkAsync($"api/notifications/{IdOf(archived)}/archive");
            await (await client.PutJsonAsync("api/notifications/preferences", new { pausedUntil = Wire(DateTimeOffset.UtcNow.AddHours(1)) })).ExpectAsync(HttpStatusCode.OK);
            var retract = await (await producer.PostJsonAsync("api/notifications/retract", new { messageId = message })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, retract.GetProperty("deleted").GetInt32());

            answers = await V2StateAsync(client);
        }

        await using var second = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>());
        await second.InitializeAsync();
        using (var client = second.ClientFor(userId))
        using (var producer = second.Producer())
        {
            Assert.Equal(answers, await V2StateAsync(client));
            foreach (var id in retracted)
            {
                await (await client.GetPathAsync($"api/notifications/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
            }

            Assert.Equal(0, (await (await producer.PostJsonAsync("api/notifications/retract", new { messageId = message })).ExpectAsync(HttpStatusCode.OK)).GetProperty("deleted").GetInt32());

            // Both keys folded into the collapsed one are still bound to it, and it is still the one to replace.
            var duplicate = await (await producer.PostCreateAsync(new { userId, type = "new_message", collapseKey = "k", idempotencyKey = "i1" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("duplicate", duplicate.GetProperty("status").GetString());
            var replaced = await (await producer.PostCreateAsync(new { userId, type = "new_message", collapseKey = "k" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("replaced", replaced.GetProperty("status").GetString());
            Assert.Equal(3, replaced.GetProperty("notification").GetProperty("collapsedCount").GetInt32());
        }
    }

    /// <summary>Everything a client can read of the v2 states: counts, each shelf, the catch-up and the preferences.</summary>
    private static async Task<string[]> V2StateAsync(HttpClient client) =>
    [
        (await client.CountsAsync()).GetRawText(),
        (await client.ListAsync()).GetRawText(),
        (await client.ListAsync("?archived=true")).GetRawText(),
        (await client.ListAsync("?snoozed=true")).GetRawText(),
        (await client.ListAsync("?afterSeq=0")).GetRawText(),
        (await (await client.GetPathAsync("api/notifications/preferences")).ExpectAsync(HttpStatusCode.OK)).GetRawText(),
    ];

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
