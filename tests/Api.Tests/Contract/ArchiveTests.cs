using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, archive: <c>PATCH /api/notifications/{id}/archive</c>, <c>/unarchive</c> and
/// <c>/archive-read</c> — out of the inbox and its counts, listed on demand, seq kept, pushed as
/// <c>notification:updated</c> one by one and <c>notification:archived</c> all at once.
/// </summary>
public abstract class ArchiveTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : ArchiveTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : ArchiveTests(factory);

    private readonly HttpClient _producer = factory.Producer();

    private static string Archive(string id) => $"api/notifications/{id}/archive";

    private static string Unarchive(string id) => $"api/notifications/{id}/unarchive";

    [Fact]
    public async Task Archive_sets_archived_at_and_read_and_seen_and_is_idempotent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c1" });

        var archived = await user.PatchOkAsync(Archive(IdOf(created)));

        AssertTime(archived.GetProperty("archivedAt"));
        Assert.True(archived.GetProperty("isRead").GetBoolean());
        Assert.Equal(archived.GetProperty("archivedAt").GetString(), archived.GetProperty("readAt").GetString());
        Assert.Equal(archived.GetProperty("archivedAt").GetString(), archived.GetProperty("seenAt").GetString());
        foreach (var name in NotificationProperties.Except(["archivedAt", "isRead", "readAt", "seenAt"]))
        {
            Assert.Equal(created.GetProperty(name).GetRawText(), archived.GetProperty(name).GetRawText());
        }

        Assert.Equal(archived.GetRawText(), (await user.PatchOkAsync(Archive(IdOf(created)))).GetRawText());
        Assert.Equal(archived.GetRawText(), (await user.GetNotificationAsync(IdOf(created))).GetRawText());
    }

    [Fact]
    public async Task Archiving_a_read_one_keeps_its_read_and_seen_times()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "system" });
        var read = await user.PatchOkAsync($"api/notifications/{IdOf(created)}/read");

        var archived = await user.PatchOkAsync(Archive(IdOf(created)));

        Assert.Equal(read.GetProperty("readAt").GetString(), archived.GetProperty("readAt").GetString());
        Assert.Equal(read.GetProperty("seenAt").GetString(), archived.GetProperty("seenAt").GetString());
    }

    [Fact]
    public async Task An_archived_one_leaves_the_inbox_list_and_counts_and_is_listed_with_archived_true()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await _producer.CreatedAsync(new { userId, type = "new_message" });
        var second = await _producer.CreatedAsync(new { userId, type = "user_mentioned", senderId = "bob" });

        await user.PatchOkAsync(Archive(IdOf(second)));

        Assert.Equal([IdOf(first)], await user.ListIdsAsync());
        Assert.Equal([IdOf(second)], await user.ListIdsAsync("?archived=true"));
        var counts = await user.CountsAsync();
        Assert.Equal<long>([1, 1, 1, 1, 0, 2], Tally(counts));
        Assert.Equal(new Dictionary<string, int> { ["new_message"] = 1 }, NonZero(counts.GetProperty("byType")));
        Assert.Equal(new Dictionary<string, int> { ["normal"] = 1 }, NonZero(counts.GetProperty("byPriority")));
    }

    [Fact]
    public async Task Unarchive_brings_it_back_read_with_its_seq_and_is_idempotent()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "system" });
        await _producer.CreatedAsync(new { userId, type = "system" });
        var archived = await user.PatchOkAsync(Archive(IdOf(created)));

        var back = await user.PatchOkAsync(Unarchive(IdOf(created)));

        Assert.Equal(JsonValueKind.Null, back.GetProperty("archivedAt").ValueKind);
        Assert.True(back.GetProperty("isRead").GetBoolean());
        foreach (var name in NotificationProperties.Except(["archivedAt"]))
        {
            Assert.Equal(archived.GetProperty(name).GetRawText(), back.GetProperty(name).GetRawText());
        }

        // Its seq is kept: it is back below the newer one, and a catch-up does not replay it.
        Assert.Equal(1, SeqOf(back));
        Assert.Equal(IdOf(created), (await user.ListIdsAsync())[1]);
        Assert.Empty((await user.ListAsync("?afterSeq=2")).GetProperty("items").EnumerateArray());
        Assert.Equal(new long[] { 2, 1, 1, 0, 0, 2 }, await user.TallyAsync());

        Assert.Equal(back.GetRawText(), (await user.PatchOkAsync(Unarchive(IdOf(created)))).GetRawText());
    }

    [Fact]
    public async Task Archive_and_unarchive_of_an_unknown_or_someone_else_s_notification_are_404()
    {
        var owner = NotificationsApiFactory.NewUserId();
        var created = await _producer.CreatedAsync(new { userId = owner, type = "system" });
        using var stranger = factory.ClientFor(NotificationsApiFactory.NewUserId());

        foreach (var id in new[] { IdOf(created), new string('0', 32), "not-an-id", IdOf(created).ToUpperInvariant() })
        {
            await (await stranger.PatchAsync(Archive(id), null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await stranger.PatchAsync(Unarchive(id), null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using var ownerClient = factory.ClientFor(owner);
        Assert.Equal(JsonValueKind.Null, (await ownerClient.GetNotificationAsync(IdOf(created))).GetProperty("archivedAt").ValueKind);
    }

    [Fact]
    public async Task Archiving_a_snoozed_one_ends_its_snooze_without_a_return()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var created = await _producer.CreatedAsync(new { userId, type = "system" });
        await _producer.CreatedAsync(new { userId, type = "system" });
        await user.SnoozedAsync(IdOf(created), DateTimeOffset.UtcNow.AddHours(1));

        var archived = await user.PatchOkAsync(Archive(IdOf(created)));

        Assert.Equal(JsonValueKind.Null, archived.GetProperty("snoozedUntil").ValueKind);
        Assert.Equal(1, SeqOf(archived));
        Assert.Equal(created.GetProperty("createdAt").GetString(), archived.GetProperty("createdAt").GetString());
        Assert.Equal(new long[] { 1, 1, 1, 1, 0, 2 }, await user.TallyAsync());
        Assert.Empty(await user.ListIdsAsync("?snoozed=true"));

        // Unarchived, it is in the inbox, not snoozed again.
        await user.PatchOkAsync(Unarchive(IdOf(created)));
        Assert.Equal(new long[] { 2, 1, 1, 0, 0, 2 }, await user.TallyAsync());
    }

    [Fact]
    public async Task Archive_read_archives_every_read_one_in_the_inbox_and_answers_the_counts()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(IdOf(await _producer.CreatedAsync(new { userId, type = "system" })));
        }

        await user.PatchOkAsync($"api/notifications/{ids[0]}/read");
        await user.PatchOkAsync($"api/notifications/{ids[1]}/read");
        await user.PatchOkAsync($"api/notifications/{ids[2]}/read");

        // A read one that is snoozed stays snoozed.
        await user.SnoozedAsync(ids[2], DateTimeOffset.UtcNow.AddHours(1));

        var answer = await user.PatchOkAsync("api/notifications/archive-read");

        Assert.Equal(["counts", "updated"], answer.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, answer.GetProperty("updated").GetInt32());
        await user.AssertCountsAreCurrentAsync(answer.GetProperty("counts"));
        Assert.Equal<long>([2, 2, 2, 2, 1, 5], Tally(answer.GetProperty("counts")));
        Assert.Equal([ids[1], ids[0]], await user.ListIdsAsync("?archived=true"));
        Assert.Equal([ids[4], ids[3]], await user.ListIdsAsync());
        Assert.Equal([ids[2]], await user.ListIdsAsync("?snoozed=true"));
        var archivedAt = (await user.GetNotificationAsync(ids[0])).GetProperty("archivedAt");
        AssertTime(archivedAt);
        Assert.Equal(archivedAt.GetString(), (await user.GetNotificationAsync(ids[1])).GetProperty("archivedAt").GetString());

        var again = await user.PatchOkAsync("api/notifications/archive-read");
        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        await user.AssertCountsAreCurrentAsync(again.GetProperty("counts"));
    }

    [Fact]
    public async Task Archive_and_unarchive_push_updated_then_counts_never_read_and_repeats_push_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");

        var archived = await live.Client.PatchOkAsync(Archive(IdOf(created)));
        var (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(archived.GetRawText(), pushed.GetRawText());
        Assert.Equal<long>([0, 0, 0, 1, 0, 1], Tally(counts));

        await live.Client.PatchOkAsync(Archive(IdOf(created)));
        var back = await live.Client.PatchOkAsync(Unarchive(IdOf(created)));
        (pushed, counts) = await live.ChangeAsync("notification:updated");
        Assert.Equal(back.GetRawText(), pushed.GetRawText());
        Assert.Equal<long>([1, 0, 0, 0, 0, 1], Tally(counts));

        await live.Client.PatchOkAsync(Unarchive(IdOf(created)));
        await live.AssertNothingElsePushedAsync(_producer);
    }

    [Fact]
    public async Task Archive_read_pushes_archived_all_then_counts_and_an_archive_read_of_nothing_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        var created = await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
        await live.ChangeAsync("notification");
        await live.Client.PatchOkAsync($"api/notifications/{IdOf(created)}/read");
        await live.ChangeAsync("notification:read");

        var answer = await live.Client.PatchOkAsync("api/notifications/archive-read");

        var (archived, counts) = await live.ChangeAsync("notification:archived");
        Assert.Equal(["all", "archivedAt"], archived.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(archived.GetProperty("all").GetBoolean());
        Assert.Equal((await live.Client.GetNotificationAsync(IdOf(created))).GetProperty("archivedAt").GetString(), archived.GetProperty("archivedAt").GetString());
        Assert.Equal(answer.GetProperty("counts").GetRawText(), counts.GetRawText());

        Assert.Equal(0, (await live.Client.PatchOkAsync("api/notifications/archive-read")).GetProperty("updated").GetInt32());
        await live.AssertNothingElsePushedAsync(_producer);
    }
}
