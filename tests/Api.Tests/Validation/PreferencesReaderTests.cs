using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class PreferencesReaderTests
{
    private static ReadResult<NotificationPreferences> Read(string json) => PreferencesReader.Read(Parse(json), Now);

    private static readonly DoNotDisturb Default = DoNotDisturb.Default;

    [Fact]
    public void Api_md_example()
    {
        var preferences = AssertValid(Read("""
            { "disabledTypes": ["message_reaction"], "mutedConversations": ["c1"],
              "dnd": { "enabled": true, "start": "22:00", "end": "07:00", "timeZone": "Europe/Paris" } }
            """));

        Assert.Equal([NotificationType.MessageReaction], preferences.DisabledTypes);
        Assert.Equal(["c1"], preferences.MutedConversations);
        Assert.Equal(new DoNotDisturb(true, new TimeOnly(22, 0), new TimeOnly(7, 0), "Europe/Paris"), preferences.Dnd);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "disabledTypes": null, "mutedConversations": null, "dnd": null }""")]
    [InlineData("""{ "disabledTypes": [], "mutedConversations": [], "unknown": 1 }""")]
    public void Omitted_or_null_is_the_default(string json)
    {
        var preferences = AssertValid(Read(json));

        Assert.Empty(preferences.DisabledTypes);
        Assert.Empty(preferences.MutedConversations);
        Assert.Equal(Default, preferences.Dnd);
    }

    [Fact]
    public void Repeats_are_stored_once_in_first_seen_order()
    {
        var preferences = AssertValid(Read("""
            { "disabledTypes": ["system", "new_message", "system", "missed_call", "new_message"],
              "mutedConversations": ["c2", "c1", "c2", "C2"] }
            """));

        Assert.Equal([NotificationType.System, NotificationType.NewMessage, NotificationType.MissedCall], preferences.DisabledTypes);
        Assert.Equal(["c2", "c1", "C2"], preferences.MutedConversations);
    }

    [Fact]
    public void At_most_100_entries_as_sent_repeats_included()
    {
        var hundred = "[" + string.Join(",", Enumerable.Repeat("\"system\"", 100)) + "]";
        var hundredOne = "[" + string.Join(",", Enumerable.Repeat("\"system\"", 101)) + "]";
        Assert.Equal([NotificationType.System], AssertValid(Read($$"""{ "disabledTypes": {{hundred}} }""")).DisabledTypes);
        AssertOnlyError(Read($$"""{ "disabledTypes": {{hundredOne}} }"""), "disabledTypes");

        var ids = "[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"c{i}\"")) + "]";
        var ids101 = "[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"c{i}\"")) + "]";
        Assert.Equal(100, AssertValid(Read($$"""{ "mutedConversations": {{ids}} }""")).MutedConversations.Length);
        AssertOnlyError(Read($$"""{ "mutedConversations": {{ids101}} }"""), "mutedConversations");
    }

    [Theory]
    [InlineData("""{ "disabledTypes": "system" }""", "disabledTypes")]
    [InlineData("""{ "disabledTypes": {} }""", "disabledTypes")]
    [InlineData("""{ "disabledTypes": ["system", "nope"] }""", "disabledTypes[1]")]
    [InlineData("""{ "disabledTypes": ["system", null] }""", "disabledTypes[1]")]
    [InlineData("""{ "disabledTypes": [""] }""", "disabledTypes[0]")]
    [InlineData("""{ "disabledTypes": [10] }""", "disabledTypes[0]")]
    [InlineData("""{ "disabledTypes": ["System"] }""", "disabledTypes[0]")]
    [InlineData("""{ "disabledTypes": ["\ud800"] }""", "disabledTypes[0]")]
    [InlineData("""{ "mutedConversations": "c1" }""", "mutedConversations")]
    [InlineData("""{ "mutedConversations": ["c1", "c 2"] }""", "mutedConversations[1]")]
    [InlineData("""{ "mutedConversations": [""] }""", "mutedConversations[0]")]
    [InlineData("""{ "mutedConversations": [["c1"]] }""", "mutedConversations[0]")]
    [InlineData("""{ "dnd": true }""", "dnd")]
    [InlineData("""{ "dnd": [] }""", "dnd")]
    [InlineData("""{ "dnd": {} }""", "dnd.enabled")]
    [InlineData("""{ "dnd": { "enabled": null } }""", "dnd.enabled")]
    [InlineData("""{ "dnd": { "enabled": "true" } }""", "dnd.enabled")]
    [InlineData("""{ "dnd": { "enabled": 1 } }""", "dnd.enabled")]
    public void Invalid_lists_and_dnd(string json, string field) => AssertOnlyError(Read(json), field);

    [Fact]
    public void Long_muted_conversation_ids()
    {
        Assert.True(Read($$"""{ "mutedConversations": ["{{new string('c', 128)}}"] }""").IsValid);
        AssertOnlyError(Read($$"""{ "mutedConversations": ["{{new string('c', 129)}}"] }"""), "mutedConversations[0]");
    }

    [Theory]
    [InlineData("start")]
    [InlineData("end")]
    [InlineData("timeZone")]
    public void Enabled_requires_start_end_and_zone(string missing)
    {
        var fields = new Dictionary<string, string> { ["start"] = "\"22:00\"", ["end"] = "\"07:00\"", ["timeZone"] = "\"UTC\"" };
        fields.Remove(missing);
        var body = "{ \"dnd\": { \"enabled\": true, " + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + " } }";
        AssertOnlyError(Read(body), "dnd." + missing);

        fields[missing] = "null";
        body = "{ \"dnd\": { \"enabled\": true, " + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + " } }";
        AssertOnlyError(Read(body), "dnd." + missing);
    }

    [Fact]
    public void Disabled_takes_defaults_for_omitted_fields()
    {
        Assert.Equal(Default, AssertValid(Read("""{ "dnd": { "enabled": false } }""")).Dnd);
        Assert.Equal(
            new DoNotDisturb(false, new TimeOnly(23, 30), Default.End, "Asia/Tokyo"),
            AssertValid(Read("""{ "dnd": { "enabled": false, "start": "23:30", "end": null, "timeZone": "Asia/Tokyo" } }""")).Dnd);
    }

    [Theory]
    [InlineData("start", "\"7:00\"")]
    [InlineData("end", "\"24:00\"")]
    [InlineData("start", "\"12:60\"")]
    [InlineData("end", "\"12:00:00\"")]
    [InlineData("timeZone", "\"Mars/Base\"")]
    [InlineData("timeZone", "\"\"")]
    [InlineData("start", "700")]
    public void Disabled_still_validates_given_fields(string field, string raw) =>
        AssertOnlyError(Read($$"""{ "dnd": { "enabled": false, "{{field}}": {{raw}} } }"""), "dnd." + field);

    [Theory]
    [InlineData("00:00", 0, 0)]
    [InlineData("07:05", 7, 5)]
    [InlineData("12:00", 12, 0)]
    [InlineData("23:59", 23, 59)]
    public void Valid_times(string text, int hour, int minute)
    {
        var dnd = AssertValid(Read($$"""{ "dnd": { "enabled": true, "start": "{{text}}", "end": "{{text}}", "timeZone": "UTC" } }""")).Dnd;
        Assert.Equal(new TimeOnly(hour, minute), dnd.Start);
        Assert.Equal(text, PreferencesReader.FormatTime(dnd.Start));
    }

    [Theory]
    [InlineData("7:00")]
    [InlineData("07:0")]
    [InlineData("24:00")]
    [InlineData("12:60")]
    [InlineData("12:00:00")]
    [InlineData("1200")]
    [InlineData("12.00")]
    [InlineData(" 12:00")]
    [InlineData("12:00 ")]
    [InlineData("")]
    [InlineData("noon")]
    [InlineData("-1:00")]
    [InlineData("12:00Z")]
    [InlineData("１２:００")]
    [InlineData("12:0٠")]
    public void Malformed_times(string text)
    {
        AssertOnlyError(Read($$"""{ "dnd": { "enabled": true, "start": {{Str(text)}}, "end": "07:00", "timeZone": "UTC" } }"""), "dnd.start");
        AssertOnlyError(Read($$"""{ "dnd": { "enabled": true, "start": "07:00", "end": {{Str(text)}}, "timeZone": "UTC" } }"""), "dnd.end");
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Europe/Paris")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Kathmandu")]
    public void Known_zones(string zone) =>
        Assert.Equal(zone, AssertValid(Read($$"""{ "dnd": { "enabled": true, "start": "22:00", "end": "07:00", "timeZone": "{{zone}}" } }""")).Dnd.TimeZone);

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("utc")]
    [InlineData("europe/paris")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("+02:00")]
    [InlineData("../../../etc/passwd")]
    [InlineData("Europe/Paris ")]
    public void Unknown_zones(string zone) =>
        AssertOnlyError(Read($$"""{ "dnd": { "enabled": true, "start": "22:00", "end": "07:00", "timeZone": {{Str(zone)}} } }"""), "dnd.timeZone");

    [Fact]
    public void All_dnd_errors_together()
    {
        var result = Read("""{ "dnd": { "enabled": true, "start": "7:00", "timeZone": "Nowhere" } }""");
        Assert.Equal(["dnd.end", "dnd.start", "dnd.timeZone"], result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Start_equal_to_end_is_accepted() =>
        Assert.True(Read("""{ "dnd": { "enabled": true, "start": "08:00", "end": "08:00", "timeZone": "UTC" } }""").IsValid);

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    public void Root_must_be_an_object(string json) => AssertOnlyError(Read(json), "$");

    /// <summary>The HH:mm pattern the OpenAPI document gives agrees with the reader.</summary>
    [Theory]
    [InlineData("00:00")]
    [InlineData("23:59")]
    [InlineData("07:05")]
    [InlineData("24:00")]
    [InlineData("12:60")]
    [InlineData("7:00")]
    [InlineData("07:00\n")]
    [InlineData("0700")]
    public void The_document_time_pattern_agrees_with_the_reader(string value) =>
        Assert.Equal(PreferencesReader.TryParseTime(value, out _), IdentifiersTests.MatchesJsonSchemaPattern(PreferencesReader.TimePattern, value));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "pausedUntil": null }""")]
    public void No_pause_is_null(string json) => Assert.Null(AssertValid(Read(json)).PausedUntil);

    [Theory]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z")]
    [InlineData("2026-12-01T12:00:00.0001+02:00", "2026-12-01T10:00:00Z")]
    [InlineData("2026-11-24T11:00:00.5555Z", "2026-11-24T11:00:00.555Z")]
    [InlineData("2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z")]
    public void A_pause_is_read_in_utc_to_the_millisecond_and_a_past_one_is_left_to_the_inbox(string value, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AssertValid(Read($$"""{ "pausedUntil": {{Str(value)}} }""")).PausedUntil);

    [Theory]
    [InlineData("\"2026-12-01T10:00:00.001Z\"")]
    [InlineData("\"2026-12-01T11:00:00+00:59\"")]
    [InlineData("\"2099-01-01T00:00:00Z\"")]
    [InlineData("\"2026-11-25T10:00:00\"")]
    [InlineData("\"later\"")]
    [InlineData("1795600000")]
    [InlineData("true")]
    public void A_pause_beyond_7_days_or_not_a_time_is_an_error(string raw) => AssertOnlyError(Read($$"""{ "pausedUntil": {{raw}} }"""), "pausedUntil");
}
