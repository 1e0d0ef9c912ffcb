using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class BatchRequestReaderTests
{
    private static ReadResult<FanOutRequest> Read(string json) => BatchRequestReader.Read(Parse(json), Now);

    private static string Ids(int count, Func<int, string>? id = null) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => Str((id ?? (n => $"u{n}"))(i)))) + "]";

    [Fact]
    public void Valid_batch_keeps_the_order_of_user_ids()
    {
        var request = AssertValid(Read("""
            { "userIds": ["carol", "alice", "bob"],
              "notification": { "type": "new_message", "title": "Hi", "conversationId": "c1", "priority": "high" } }
            """));

        Assert.Equal(["carol", "alice", "bob"], request.UserIds);
        Assert.Equal(new NotificationDraft(new NotificationDetails { Type = NotificationType.NewMessage, Title = "Hi", ConversationId = "c1", Priority = NotificationPriority.High }), request.Draft);
    }

    [Fact]
    public void A_user_id_inside_the_notification_is_ignored()
    {
        var request = AssertValid(Read("""{ "userIds": ["a"], "notification": { "type": "system", "userId": "not valid!" } }"""));
        Assert.Equal(["a"], request.UserIds);
    }

    [Fact]
    public void Ten_thousand_ids() => Assert.Equal(10_000, AssertValid(Read($$"""{ "userIds": {{Ids(10_000)}}, "notification": { "type": "system" } }""")).UserIds.Count);

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Id_count_out_of_range(int count) =>
        AssertOnlyError(Read($$"""{ "userIds": {{Ids(count)}}, "notification": { "type": "system" } }"""), "userIds");

    [Theory]
    [InlineData("""{ "notification": { "type": "system" } }""")]
    [InlineData("""{ "userIds": null, "notification": { "type": "system" } }""")]
    [InlineData("""{ "userIds": "alice", "notification": { "type": "system" } }""")]
    [InlineData("""{ "userIds": { "0": "alice" }, "notification": { "type": "system" } }""")]
    public void User_ids_must_be_an_array(string json) => AssertOnlyError(Read(json), "userIds");

    [Fact]
    public void Invalid_entries_are_keyed_by_index()
    {
        var result = Read("""{ "userIds": ["ok", "", 7, "a b", null, "x\ud800", "fine"], "notification": { "type": "system" } }""");

        Assert.Equal(
            ["userIds[1]", "userIds[2]", "userIds[3]", "userIds[4]", "userIds[5]"],
            result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Repeated_ids_are_refused()
    {
        var result = Read("""{ "userIds": ["a", "b", "a", "c", "b"], "notification": { "type": "system" } }""");

        var errors = result.Errors!.ToDictionary();
        Assert.Equal(["userIds[2]", "userIds[4]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("userIds[0]", errors["userIds[2]"][0]);
    }

    [Fact]
    public void Ids_are_case_sensitive() =>
        Assert.Equal(["a", "A"], AssertValid(Read("""{ "userIds": ["a", "A"], "notification": { "type": "system" } }""")).UserIds);

    [Fact]
    public void Many_bad_entries_are_listed_up_to_a_bound()
    {
        var result = Read($$"""{ "userIds": {{Ids(5_000, _ => "bad id")}}, "notification": { "type": "system" } }""");

        var errors = result.Errors!.ToDictionary();
        Assert.Equal(101, errors.Count);
        Assert.Contains("userIds[99]", errors.Keys);
        Assert.DoesNotContain("userIds[100]", errors.Keys);
        Assert.Contains("5000", errors["userIds"][0]);
    }

    [Theory]
    [InlineData("""{ "userIds": ["a"] }""", "notification")]
    [InlineData("""{ "userIds": ["a"], "notification": null }""", "notification")]
    [InlineData("""{ "userIds": ["a"], "notification": [] }""", "notification")]
    [InlineData("""{ "userIds": ["a"], "notification": {} }""", "notification.type")]
    [InlineData("""{ "userIds": ["a"], "notification": { "type": "system", "title": 1 } }""", "notification.title")]
    [InlineData("""{ "userIds": ["a"], "notification": { "type": "system", "data": { "x": "\udc00" } } }""", "notification.data")]
    [InlineData("""{ "userIds": ["a"], "notification": { "type": "system", "expiresAt": "2000-01-01T00:00:00Z" } }""", "notification.expiresAt")]
    [InlineData("""{ "userIds": ["a"], "notification": { "type": "system", "senderId": "a.b" } }""", "notification.senderId")]
    [InlineData("""{ "userIds": ["a"], "notification": { "type": "system", "type": "system" } }""", "notification.type")]
    public void Notification_errors_are_prefixed(string json, string field) => AssertOnlyError(Read(json), field);

    [Fact]
    public void Notification_title_limit() =>
        AssertOnlyError(Read($$"""{ "userIds": ["a"], "notification": { "type": "system", "title": {{Str(new string('t', 201))}} } }"""), "notification.title");

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    public void Root_must_be_an_object(string json) => AssertOnlyError(Read(json), "$");
}
