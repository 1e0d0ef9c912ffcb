using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using Notifications.Grains.Domain;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// The audit trail (README, an addition to the contract): admin broadcasts and preference
/// changes are written to an append-only table and read back by admins, newest first, keyset-paginated.
/// The shared server's trail holds every test's entries, so these tests find theirs by actor.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTests(NotificationsApiFactory factory)
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static readonly string[] EntryProperties = ["action", "actorHash", "at", "id", "outcome", "requestId", "targetCount", "traceId"];

    [Fact]
    public async Task A_broadcast_is_recorded_before_and_after_with_its_outcome()
    {
        var adminId = NotificationsApiFactory.NewUserId("admin");
        using var admin = factory.ClientFor(adminId, "admin");
        var users = Enumerable.Range(0, 3).Select(_ => NotificationsApiFactory.NewUserId()).ToArray();
        using (var client = factory.ClientFor(users[2]))
        {
            await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "system" } })).ExpectAsync(HttpStatusCode.OK);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/broadcast")
        {
            Content = Json(new { userIds = users, title = "Maintenance", content = "tonight" }),
        };
        request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
        var answer = await (await admin.SendAsync(request, Ct)).ExpectAsync(HttpStatusCode.OK);

        var entries = await EntriesOfAsync(admin, UserIdHash.Of(adminId), expected: 2);
        var (completed, requested) = (entries[0], entries[1]);
        Assert.Equal("broadcast.completed", completed.GetProperty("action").GetString());
        Assert.Equal("broadcast.requested", requested.GetProperty("action").GetString());
        Assert.True(completed.GetProperty("id").GetInt64() > requested.GetProperty("id").GetInt64());
        foreach (var entry in entries)
        {
            Assert.Equal(EntryProperties, entry.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(3, entry.GetProperty("targetCount").GetInt32());
            AssertTime(entry.GetProperty("at"));
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("requestId").GetString()));
            Assert.Equal(TraceId, entry.GetProperty("traceId").GetString());
            Assert.DoesNotContain(adminId, entry.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Equal(requested.GetProperty("requestId").GetString(), completed.GetProperty("requestId").GetString());
        Assert.Equal(JsonValueKind.Null, requested.GetProperty("outcome").ValueKind);
        var outcome = completed.GetProperty("outcome");
        Assert.Equal(["created", "duplicate", "rateLimited", "suppressed"], outcome.EnumerateObject().Select(p => p.Name).Order());
        foreach (var status in new[] { "created", "duplicate", "suppressed", "rateLimited" })
        {
            Assert.Equal(answer.GetProperty(status).GetInt32(), outcome.GetProperty(status).GetInt32());
        }

        Assert.Equal(2, outcome.GetProperty("created").GetInt32());
        Assert.Equal(1, outcome.GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public async Task A_preference_change_is_recorded_and_a_refused_one_is_not()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");

        await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = "system" })).ExpectValidationAsync("disabledTypes");
        await (await client.PutJsonAsync("api/notifications/preferences", new { mutedConversations = new[] { "c1" } })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "system" } })).ExpectAsync(HttpStatusCode.OK);

        var entries = await EntriesOfAsync(admin, UserIdHash.Of(userId), expected: 2);
        Assert.All(entries, entry =>
        {
            Assert.Equal("preferences.updated", entry.GetProperty("action").GetString());
            Assert.Equal(1, entry.GetProperty("targetCount").GetInt32());
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("outcome").ValueKind);
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("requestId").GetString()));
        });
        Assert.NotEqual(entries[0].GetProperty("requestId").GetString(), entries[1].GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_without_gaps_or_repeats()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");
        for (var i = 0; i < 5; i++)
        {
            await (await client.PutJsonAsync("api/notifications/preferences", new { mutedConversations = new[] { $"c{i}" } })).ExpectAsync(HttpStatusCode.OK);
        }

        // Walked until this user's five entries are behind the cursor: other tests write meanwhile,
        // but only above where the walk started, so below it every id appears once, descending.
        var hash = UserIdHash.Of(userId);
        var ids = new List<long>();
        var mine = 0;
        string? cursor = null;
        for (var pages = 0; mine < 5; pages++)
        {
            Assert.True(pages < 1_000, "the user's entries were not found");
            var page = await (await admin.GetPathAsync("api/admin/audit?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))
                .ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(["hasMore", "items", "nextCursor"], page.EnumerateObject().Select(p => p.Name).Order());
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            Assert.InRange(items.Length, 1, 2);
            ids.AddRange(items.Select(e => e.GetProperty("id").GetInt64()));
            mine += items.Count(e => e.GetProperty("actorHash").GetString() == hash);
            Assert.Equal(page.GetProperty("hasMore").GetBoolean(), page.GetProperty("nextCursor").ValueKind == JsonValueKind.String);
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(mine == 5 || cursor is not null);
        }

        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var first = await (await admin.GetPathAsync("api/admin/audit")).ExpectAsync(HttpStatusCode.OK);
        Assert.InRange(first.GetProperty("items").GetArrayLength(), 5, 50);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=5&limit=6", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?cursor=a&cursor=b", "cursor")]
    public async Task A_bad_query_is_a_400(string query, string field)
    {
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");
        await (await admin.GetPathAsync("api/admin/audit" + query)).ExpectValidationAsync(field);
    }

    [Fact]
    public async Task A_notification_cursor_is_not_an_audit_cursor()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var producer = factory.Producer();
        using var client = factory.ClientFor(userId);
        await producer.CreatedAsync(new { userId, type = "system" });
        await producer.CreatedAsync(new { userId, type = "system" });
        var cursor = (await client.ListAsync("?limit=1")).GetProperty("nextCursor").GetString()!;

        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");
        await (await admin.GetPathAsync("api/admin/audit?cursor=" + Uri.EscapeDataString(cursor))).ExpectValidationAsync("cursor");
        var auditCursor = (await (await admin.GetPathAsync("api/admin/audit?limit=1")).ExpectAsync(HttpStatusCode.OK)).GetProperty("nextCursor").GetString()!;
        await (await client.GetPathAsync("api/notifications?cursor=" + Uri.EscapeDataString(auditCursor))).ExpectValidationAsync("cursor");
    }

    [Fact]
    public async Task Only_admins_read_the_trail()
    {
        using var anonymous = factory.ClientFor(null);
        await (await anonymous.GetPathAsync("api/admin/audit")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await user.GetPathAsync("api/admin/audit")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var producer = factory.Producer();
        await (await producer.GetPathAsync("api/admin/audit")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>The newest entries of one actor, found by walking the trail from its newest end.</summary>
    private static async Task<JsonElement[]> EntriesOfAsync(HttpClient admin, string actorHash, int expected)
    {
        var found = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; found.Count < expected; pages++)
        {
            Assert.True(pages < 100, $"only {found.Count} of {expected} entries found");
            var page = await (await admin.GetPathAsync("api/admin/audit?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))
                .ExpectAsync(HttpStatusCode.OK);
            found.AddRange(page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("actorHash").GetString() == actorHash));
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(found.Count >= expected || cursor is not null, $"only {found.Count} of {expected} entries in the whole trail");
        }

        Assert.Equal(expected, found.Count);
        return [.. found];
    }
}

/// <summary>The trail's durability: it outlives the service, and an action it cannot record does not happen.</summary>
public sealed class AuditDurabilityTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("api-audit-").FullName;

    [Fact]
    public async Task The_trail_survives_a_restart()
    {
        var adminId = NotificationsApiFactory.NewUserId("admin");
        var userId = NotificationsApiFactory.NewUserId();
        string before;
        await using (var first = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>()))
        {
            await first.InitializeAsync();
            using var admin = first.ClientFor(adminId, "admin");
            using var client = first.ClientFor(userId);
            await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "system" } })).ExpectAsync(HttpStatusCode.OK);
            await (await admin.PostJsonAsync("api/admin/broadcast", new { userIds = new[] { userId }, title = "t", content = "c" })).ExpectAsync(HttpStatusCode.OK);
            before = (await (await admin.GetPathAsync("api/admin/audit")).ExpectAsync(HttpStatusCode.OK)).GetRawText();
        }

        await using var second = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>());
        await second.InitializeAsync();
        using var again = second.ClientFor(adminId, "admin");
        var after = await (await again.GetPathAsync("api/admin/audit")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, after.GetRawText());
        Assert.Equal(
            ["broadcast.completed", "broadcast.requested", "preferences.updated"],
            after.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(1, after.GetProperty("items")[0].GetProperty("outcome").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public async Task An_action_whose_record_cannot_be_written_fails_and_changes_nothing()
    {
        await using var api = new ConfiguredApiFactory(_directory, "Development", new Dictionary<string, string?>());
        await api.InitializeAsync();
        var userId = NotificationsApiFactory.NewUserId();
        using var admin = api.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");
        using var client = api.ClientFor(userId);
        await (await client.PutJsonAsync("api/notifications/preferences", new { mutedConversations = new[] { "c1" } })).ExpectAsync(HttpStatusCode.OK);
        var preferences = (await (await client.GetPathAsync("api/notifications/preferences")).ExpectAsync(HttpStatusCode.OK)).GetRawText();

        await api.ExecuteOnDatabaseAsync("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");

        var broadcast = await admin.PostJsonAsync("api/admin/broadcast", new { userIds = new[] { userId }, title = "t", content = "c" });
        Assert.NotNull(broadcast.Headers.RetryAfter);
        await broadcast.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        await client.AssertEmptyInboxAsync();

        var change = await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "system" } });
        Assert.NotNull(change.Headers.RetryAfter);
        await change.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(preferences, (await (await client.GetPathAsync("api/notifications/preferences")).ExpectAsync(HttpStatusCode.OK)).GetRawText());

        await api.ExecuteOnDatabaseAsync("DROP TRIGGER audit_refused");
        await (await admin.PostJsonAsync("api/admin/broadcast", new { userIds = new[] { userId }, title = "t", content = "c" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await client.ListAsync()).GetProperty("items").EnumerateArray());
        await (await client.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "system" } })).ExpectAsync(HttpStatusCode.OK);
        var trail = await (await admin.GetPathAsync("api/admin/audit")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(
            ["preferences.updated", "broadcast.completed", "broadcast.requested", "preferences.updated"],
            trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
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
