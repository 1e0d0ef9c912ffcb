using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>
/// API.md v2, <c>PATCH /api/notifications/seen</c> and <c>seenAt</c>: every unseen one in the inbox
/// up to a seq gets <c>seenAt</c>, the answer carries the counts, and the change is pushed once.
/// </summary>
public abstract class SeenTests(NotificationsApiFactory factory)
{
    // Every rule here holds on both stores: the service reads and writes through each one's own SQL.
    [Collection(ApiCollection.Name)]
    public sealed class OnSqlite(NotificationsApiFactory factory) : SeenTests(factory);

    [Collection(PostgresApiCollection.Name)]
    public sealed class OnPostgres(PostgresApiFactory factory) : SeenTests(factory);

    private const string Path = "api/notifications/seen";

    private readonly HttpClient _producer = factory.Producer();

    private async Task<(HttpClient User, JsonElement[] Created)> SeedAsync(int count)
    {
        var userId = NotificationsApiFactory.NewUserId();
        var created = new JsonElement[count];
        for (var i = 0; i < count; i++)
        {
            created[i] = await _producer.CreatedAsync(new { userId, type = "system", title = $"n{i + 1}" });
        }

        return (factory.ClientFor(userId), created);
    }

    private static Dictionary<long, JsonElement> BySeq(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().ToDictionary(n => n.GetProperty("seq").GetInt64(), n => n.Clone());

    [Fact]
    public async Task Seen_marks_every_unseen_one_up_to_the_seq_and_answers_the_counts_after_it()
    {
        var (user, created) = await SeedAsync(4);
        using var _ = user;
        Assert.All(created, n => Assert.Equal(JsonValueKind.Null, n.GetProperty("seenAt").ValueKind));
        Assert.Equal(4, (await user.CountsAsync()).GetProperty("unseen").GetInt32());

        var answer = await user.PatchOkAsync(Path, new { upToSeq = 2 });

        Assert.Equal(["counts", "updated"], answer.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, answer.GetProperty("updated").GetInt32());
        await user.AssertCountsAreCurrentAsync(answer.GetProperty("counts"));
        Assert.Equal<long>([4, 4, 2, 0, 0, 4], Tally(answer.GetProperty("counts")));
        var items = BySeq(await user.ListAsync());
        AssertTime(items[1].GetProperty("seenAt"));
        Assert.Equal(items[1].GetProperty("seenAt").GetString(), items[2].GetProperty("seenAt").GetString());
        Assert.All(items.Values, n =>
        {
            // Seen is not read.
            Assert.False(n.GetProperty("isRead").GetBoolean());
            Assert.Equal(JsonValueKind.Null, n.GetProperty("readAt").ValueKind);
        });
        Assert.Equal(JsonValueKind.Null, items[3].GetProperty("seenAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[4].GetProperty("seenAt").ValueKind);

        // Further up: only the two left change; the first two keep their seenAt.
        var further = await user.PatchOkAsync(Path, new { upToSeq = 4 });
        Assert.Equal(2, further.GetProperty("updated").GetInt32());
        Assert.Equal(0, further.GetProperty("counts").GetProperty("unseen").GetInt32());
        var after = BySeq(await user.ListAsync());
        Assert.Equal(items[1].GetProperty("seenAt").GetString(), after[1].GetProperty("seenAt").GetString());
        AssertTime(after[4].GetProperty("seenAt"));

        // The other properties did not move: seen keeps the seq, the order and everything else.
        foreach (var n in created)
        {
            var now = after[SeqOf(n)];
            foreach (var name in NotificationProperties.Except(["seenAt"]))
            {
                Assert.Equal(n.GetProperty(name).GetRawText(), now.GetProperty(name).GetRawText());
            }
        }

        var again = await user.PatchOkAsync(Path, new { upToSeq = 4 });
        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        await user.AssertCountsAreCurrentAsync(again.GetProperty("counts"));
    }

    [Fact]
    public async Task Zero_sees_nothing_and_the_largest_seq_sees_everything()
    {
        var (user, _) = await SeedAsync(3);
        using var _u = user;

        Assert.Equal(0, (await user.PatchOkAsync(Path, """{"upToSeq":0}""")).GetProperty("updated").GetInt32());
        Assert.Equal(3, (await user.CountsAsync()).GetProperty("unseen").GetInt32());
        Assert.Equal(3, (await user.PatchOkAsync(Path, """{"upToSeq":9223372036854775807}""")).GetProperty("updated").GetInt32());
        Assert.Equal(0, (await user.CountsAsync()).GetProperty("unseen").GetInt32());
    }

    [Fact]
    public async Task A_read_notification_is_already_seen_and_keeps_the_seen_at_of_its_read()
    {
        var (user, created) = await SeedAsync(2);
        using var _ = user;

        var read = await user.PatchOkAsync($"api/notifications/{IdOf(created[0])}/read");
        Assert.Equal(read.GetProperty("readAt").GetString(), read.GetProperty("seenAt").GetString());
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("unseen").GetInt32());

        Assert.Equal(1, (await user.PatchOkAsync(Path, new { upToSeq = 2 })).GetProperty("updated").GetInt32());
        Assert.Equal(read.GetProperty("seenAt").GetString(), (await user.GetNotificationAsync(IdOf(created[0]))).GetProperty("seenAt").GetString());
    }

    [Fact]
    public async Task Seen_leaves_snoozed_ones_as_they_are()
    {
        var (user, created) = await SeedAsync(3);
        using var _ = user;
        await user.SnoozedAsync(IdOf(created[0]), DateTimeOffset.UtcNow.AddHours(1));

        var answer = await user.PatchOkAsync(Path, new { upToSeq = 3 });

        Assert.Equal(2, answer.GetProperty("updated").GetInt32());
        Assert.Equal<long>([2, 2, 0, 0, 1, 3], Tally(answer.GetProperty("counts")));
        var snoozed = (await user.ListAsync("?snoozed=true")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, snoozed.GetProperty("seenAt").ValueKind);

        // Back from snooze it is unseen, and counted so.
        var back = await user.PatchOkAsync($"api/notifications/{IdOf(created[0])}/unsnooze");
        Assert.Equal(JsonValueKind.Null, back.GetProperty("seenAt").ValueKind);
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("unseen").GetInt32());
    }

    public static TheoryData<string> InvalidSeqs() =>
    [
        "{}", """{"upToSeq":null}""", """{"upToSeq":-1}""", """{"upToSeq":-0}""", """{"upToSeq":1.0}""", """{"upToSeq":1.5}""",
        """{"upToSeq":1e2}""", """{"upToSeq":1E2}""", """{"upToSeq":"1"}""", """{"upToSeq":true}""", """{"upToSeq":[1]}""",
        """{"upToSeq":9223372036854775808}""", """{"upToSeq":18446744073709551616}""", """{"upToSeq":1,"upToSeq":2}""", """{"other":1}""",
    ];

    [Theory]
    [MemberData(nameof(InvalidSeqs))]
    public async Task Up_to_seq_is_required_and_must_be_a_plain_integer_of_zero_or_more(string body)
    {
        var (user, _) = await SeedAsync(2);
        using var _u = user;

        await (await user.PatchJsonAsync(Path, body)).ExpectValidationAsync("upToSeq");
        Assert.Equal(2, (await user.CountsAsync()).GetProperty("unseen").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("2")]
    [InlineData("{")]
    public async Task A_body_that_is_not_an_object_is_a_400(string body)
    {
        var (user, _) = await SeedAsync(1);
        using var _u = user;

        await (await user.PatchJsonAsync(Path, body)).ExpectValidationAsync();
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("unseen").GetInt32());
    }

    [Fact]
    public async Task Seen_is_pushed_once_to_every_tab_with_its_counts_and_a_seen_of_nothing_pushes_nothing()
    {
        await using var live = await LiveUser.ConnectAsync(factory);
        for (var i = 0; i < 3; i++)
        {
            await _producer.CreatedAsync(new { userId = live.UserId, type = "system" });
            await live.ChangeAsync("notification");
        }

        var answer = await live.Client.PatchOkAsync(Path, new { upToSeq = 2 });

        var (seen, counts) = await live.ChangeAsync("notification:seen");
        Assert.Equal(["seenAt", "upToSeq"], seen.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, seen.GetProperty("upToSeq").GetInt64());
        AssertTime(seen.GetProperty("seenAt"));
        Assert.Equal(seen.GetProperty("seenAt").GetString(), BySeq(await live.Client.ListAsync())[1].GetProperty("seenAt").GetString());
        Assert.Equal(answer.GetProperty("counts").GetRawText(), counts.GetRawText());
        Assert.Equal(1, counts.GetProperty("unseen").GetInt32());

        Assert.Equal(0, (await live.Client.PatchOkAsync(Path, new { upToSeq = 2 })).GetProperty("updated").GetInt32());
        await live.AssertNothingElsePushedAsync(_producer);
    }
}
