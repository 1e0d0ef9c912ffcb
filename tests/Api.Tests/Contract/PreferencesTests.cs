using System.Globalization;
using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, Preferences: defaults, whole-document PUT, list and DND rules, effect on creates.</summary>
[Collection(ApiCollection.Name)]
public sealed class PreferencesTests(NotificationsApiFactory factory)
{
    private const string Defaults =
        """{"disabledTypes":[],"mutedConversations":[],"dnd":{"enabled":false,"start":"22:00","end":"07:00","timeZone":"UTC"},"pausedUntil":null}""";

    private const string Path = "api/notifications/preferences";

    private static async Task<string> PutAsync(HttpClient client, object body) =>
        (await (await client.PutJsonAsync(Path, body)).ExpectAsync(HttpStatusCode.OK)).GetRawText();

    private static async Task<string> GetAsync(HttpClient client) =>
        (await (await client.GetPathAsync(Path)).ExpectAsync(HttpStatusCode.OK)).GetRawText();

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement), $"expected {expected}, got {actual}");

    [Fact]
    public async Task The_defaults_are_exactly_as_documented()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        AssertSameJson(Defaults, await GetAsync(client));
        AssertSameJson(Defaults, await PutAsync(client, "{}"));
        AssertSameJson(Defaults, await PutAsync(client, """{"disabledTypes":null,"mutedConversations":null,"ignored":true}"""));
    }

    [Fact]
    public async Task A_put_replaces_the_whole_document_and_get_returns_it()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var full = """
            {"disabledTypes":["message_reaction","member_joined"],"mutedConversations":["c1","team:42@x.y"],
             "dnd":{"enabled":true,"start":"09:05","end":"17:30","timeZone":"Europe/Paris"},"pausedUntil":null}
            """;
        AssertSameJson(full, await PutAsync(client, full));
        AssertSameJson(full, await GetAsync(client));

        var partial = """{"mutedConversations":["c2"]}""";
        var expected = """{"disabledTypes":[],"mutedConversations":["c2"],"dnd":{"enabled":false,"start":"22:00","end":"07:00","timeZone":"UTC"},"pausedUntil":null}""";
        AssertSameJson(expected, await PutAsync(client, partial));
        AssertSameJson(expected, await GetAsync(client));
    }

    [Fact]
    public async Task Repeats_are_stored_once_and_at_most_100_entries_may_be_sent()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var saved = await PutAsync(client, new
        {
            disabledTypes = new[] { "system", "new_message", "system" },
            mutedConversations = new[] { "c1", "c2", "c1", "c1" },
        });
        AssertSameJson("""{"disabledTypes":["system","new_message"],"mutedConversations":["c1","c2"],"dnd":{"enabled":false,"start":"22:00","end":"07:00","timeZone":"UTC"},"pausedUntil":null}""", saved);

        var hundred = Enumerable.Range(0, 100).Select(i => $"c{i}").ToArray();
        var stored = JsonDocument.Parse(await PutAsync(client, new { mutedConversations = hundred })).RootElement;
        Assert.Equal(hundred, stored.GetProperty("mutedConversations").EnumerateArray().Select(e => e.GetString()));

        var before = await GetAsync(client);
        await (await client.PutJsonAsync(Path, new { mutedConversations = hundred.Append("c100") })).ExpectValidationAsync("mutedConversations");
        await (await client.PutJsonAsync(Path, new { mutedConversations = Enumerable.Repeat("c1", 101) })).ExpectValidationAsync("mutedConversations");
        await (await client.PutJsonAsync(Path, new { disabledTypes = Enumerable.Repeat("system", 101) })).ExpectValidationAsync("disabledTypes");
        Assert.Equal(before, await GetAsync(client));
        AssertSameJson(
            """{"disabledTypes":["system"],"mutedConversations":[],"dnd":{"enabled":false,"start":"22:00","end":"07:00","timeZone":"UTC"},"pausedUntil":null}""",
            await PutAsync(client, new { disabledTypes = Enumerable.Repeat("system", 100) }));
    }

    public static TheoryData<string, string> InvalidDocuments() => new()
    {
        { """{"disabledTypes":["bogus"]}""", "disabledTypes" },
        { """{"disabledTypes":"system"}""", "disabledTypes" },
        { """{"mutedConversations":["c 1"]}""", "mutedConversations" },
        { """{"mutedConversations":[""]}""", "mutedConversations" },
        { """{"mutedConversations":[1]}""", "mutedConversations" },
        { """{"dnd":{}}""", "dnd.enabled" },
        { """{"dnd":{"start":"22:00","end":"07:00","timeZone":"UTC"}}""", "dnd.enabled" },
        { """{"dnd":{"enabled":"yes"}}""", "dnd.enabled" },
        { """{"dnd":true}""", "dnd" },
        { """{"dnd":{"enabled":true}}""", "dnd.start" },
        { """{"dnd":{"enabled":true,"end":"07:00","timeZone":"UTC"}}""", "dnd.start" },
        { """{"dnd":{"enabled":true,"start":"22:00","timeZone":"UTC"}}""", "dnd.end" },
        { """{"dnd":{"enabled":true,"start":"22:00","end":"07:00"}}""", "dnd.timeZone" },
        { """{"dnd":{"enabled":true,"start":"22:00","end":"07:00","timeZone":"Mars/Olympus_Mons"}}""", "dnd.timeZone" },
        { """{"dnd":{"enabled":false,"timeZone":"Not/AZone"}}""", "dnd.timeZone" },
        { """{"dnd":{"enabled":true,"start":"7:00","end":"08:00","timeZone":"UTC"}}""", "dnd.start" },
        { """{"dnd":{"enabled":true,"start":"22:00","end":"24:00","timeZone":"UTC"}}""", "dnd.end" },
        { """{"dnd":{"enabled":true,"start":"22:60","end":"07:00","timeZone":"UTC"}}""", "dnd.start" },
        { """{"dnd":{"enabled":true,"start":"22:00:00","end":"07:00","timeZone":"UTC"}}""", "dnd.start" },
        { """{"dnd":{"enabled":true,"start":"10pm","end":"07:00","timeZone":"UTC"}}""", "dnd.start" },
        { """{"dnd":{"enabled":false,"start":"7:00"}}""", "dnd.start" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task An_invalid_document_is_a_400_and_changes_nothing(string body, string field)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var stored = await PutAsync(client, """{"disabledTypes":["system"],"dnd":{"enabled":true,"start":"01:00","end":"02:00","timeZone":"Asia/Tokyo"}}""");

        await (await client.PutJsonAsync(Path, body)).ExpectValidationAsync(field);
        Assert.Equal(stored, await GetAsync(client));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"dnd\":")]
    public async Task A_body_that_is_not_an_object_is_a_400(string body)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await client.PutJsonAsync(Path, body)).ExpectValidationAsync();
        AssertSameJson(Defaults, await GetAsync(client));
    }

    [Fact]
    public async Task Dnd_disabled_takes_defaults_for_omitted_fields_whatever_was_stored()
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        await PutAsync(client, """{"dnd":{"enabled":true,"start":"01:00","end":"02:00","timeZone":"Europe/Paris"}}""");

        AssertSameJson(Defaults, await PutAsync(client, """{"dnd":{"enabled":false}}"""));
        AssertSameJson(Defaults, await GetAsync(client));

        await PutAsync(client, """{"dnd":{"enabled":true,"start":"01:00","end":"02:00","timeZone":"Europe/Paris"}}""");
        AssertSameJson(
            """{"disabledTypes":[],"mutedConversations":[],"dnd":{"enabled":false,"start":"03:15","end":"07:00","timeZone":"UTC"},"pausedUntil":null}""",
            await PutAsync(client, """{"dnd":{"enabled":false,"start":"03:15"}}"""));

        await PutAsync(client, """{"dnd":{"enabled":true,"start":"01:00","end":"02:00","timeZone":"Europe/Paris"}}""");
        AssertSameJson(Defaults, await PutAsync(client, "{}"));
    }

    [Theory]
    [InlineData("00:00")]
    [InlineData("23:59")]
    [InlineData("07:05")]
    public async Task Times_are_returned_exactly_as_hh_mm(string time)
    {
        using var client = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var saved = JsonDocument.Parse(await PutAsync(client, new { dnd = new { enabled = true, start = time, end = time, timeZone = "America/New_York" } })).RootElement;
        Assert.Equal(time, saved.GetProperty("dnd").GetProperty("start").GetString());
        Assert.Equal(time, saved.GetProperty("dnd").GetProperty("end").GetString());
        Assert.Equal("America/New_York", saved.GetProperty("dnd").GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Preferences_take_effect_on_the_next_create()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.ClientFor(userId);
        using var producer = factory.Producer();
        var now = DateTime.UtcNow;
        string Hm(DateTime t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

        await PutAsync(client, new { disabledTypes = new[] { "contact_request" }, mutedConversations = new[] { "c1" }, dnd = new { enabled = true, start = Hm(now.AddHours(-1)), end = Hm(now.AddHours(1)), timeZone = "UTC" } });
        Assert.Equal("suppressed", (await (await producer.PostCreateAsync(new { userId, type = "contact_request" })).ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("suppressed", (await (await producer.PostCreateAsync(new { userId, type = "new_message", conversationId = "c1" })).ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.True((await producer.CreatedAsync(new { userId, type = "new_message" })).GetProperty("silent").GetBoolean());
        Assert.False((await producer.CreatedAsync(new { userId, type = "new_message", priority = "urgent" })).GetProperty("silent").GetBoolean());

        // Outside the window (it ended an hour ago), and with start = end (an empty window): not silent.
        await PutAsync(client, new { dnd = new { enabled = true, start = Hm(now.AddHours(-3)), end = Hm(now.AddHours(-1)), timeZone = "UTC" } });
        Assert.False((await producer.CreatedAsync(new { userId, type = "contact_request" })).GetProperty("silent").GetBoolean());
        await PutAsync(client, new { dnd = new { enabled = true, start = Hm(now), end = Hm(now), timeZone = "UTC" } });
        Assert.False((await producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c1" })).GetProperty("silent").GetBoolean());

        // The window is read in the user's time zone: 14 hours ahead of UTC, the current UTC hour is outside it.
        var kiritimati = TimeZoneInfo.ConvertTimeBySystemTimeZoneId(now, "Pacific/Kiritimati");
        await PutAsync(client, new { dnd = new { enabled = true, start = Hm(kiritimati.AddHours(-1)), end = Hm(kiritimati.AddHours(1)), timeZone = "Pacific/Kiritimati" } });
        Assert.True((await producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());
        await PutAsync(client, new { dnd = new { enabled = true, start = Hm(now.AddHours(-1)), end = Hm(now.AddHours(1)), timeZone = "Pacific/Kiritimati" } });
        Assert.False((await producer.CreatedAsync(new { userId, type = "system" })).GetProperty("silent").GetBoolean());
    }
}
