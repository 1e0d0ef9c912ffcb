using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class BroadcastRequestReaderTests
{
    private static ReadResult<FanOutRequest> Read(string json) => BroadcastRequestReader.Read(Parse(json));

    [Fact]
    public void Valid_broadcast_is_a_system_draft()
    {
        var request = AssertValid(Read("""{ "userIds": ["a", "b"], "title": "Maintenance", "content": "Tonight <b>22:00</b>", "type": "new_message", "senderId": "x" }"""));

        Assert.Equal(["a", "b"], request.UserIds);
        Assert.Equal(new NotificationDraft(NotificationDetails.Of(NotificationType.System) with { Title = "Maintenance", Content = "Tonight <b>22:00</b>" }), request.Draft);
    }

    [Fact]
    public void Priority_is_optional()
    {
        Assert.Equal(NotificationPriority.Urgent, AssertValid(Read("""{ "userIds": ["a"], "title": "t", "content": "", "priority": "urgent" }""")).Draft.Details.Priority);
        Assert.Equal(NotificationPriority.Normal, AssertValid(Read("""{ "userIds": ["a"], "title": "t", "content": "c", "priority": null }""")).Draft.Details.Priority);
        AssertOnlyError(Read("""{ "userIds": ["a"], "title": "t", "content": "c", "priority": "max" }"""), "priority");
    }

    [Theory]
    [InlineData("""{ "userIds": ["a"], "content": "c" }""")]
    [InlineData("""{ "userIds": ["a"], "title": null, "content": "c" }""")]
    [InlineData("""{ "userIds": ["a"], "title": "", "content": "c" }""")]
    [InlineData("""{ "userIds": ["a"], "title": 1, "content": "c" }""")]
    [InlineData("""{ "userIds": ["a"], "title": "\ud800", "content": "c" }""")]
    public void Title_is_required_and_not_empty(string json) => AssertOnlyError(Read(json), "title");

    [Theory]
    [InlineData("""{ "userIds": ["a"], "title": "t" }""")]
    [InlineData("""{ "userIds": ["a"], "title": "t", "content": null }""")]
    [InlineData("""{ "userIds": ["a"], "title": "t", "content": [] }""")]
    public void Content_is_required(string json) => AssertOnlyError(Read(json), "content");

    [Fact]
    public void Limits()
    {
        Assert.True(Read($$"""{ "userIds": ["a"], "title": {{Str(new string('t', 200))}}, "content": {{Str(new string('c', 1000))}} }""").IsValid);
        AssertOnlyError(Read($$"""{ "userIds": ["a"], "title": {{Str(new string('t', 201))}}, "content": "c" }"""), "title");
        AssertOnlyError(Read($$"""{ "userIds": ["a"], "title": "t", "content": {{Str(new string('c', 1001))}} }"""), "content");
    }

    [Theory]
    [InlineData("""{ "title": "t", "content": "c" }""", "userIds")]
    [InlineData("""{ "userIds": [], "title": "t", "content": "c" }""", "userIds")]
    [InlineData("""{ "userIds": ["a", "a"], "title": "t", "content": "c" }""", "userIds[1]")]
    [InlineData("""{ "userIds": ["a", "b!"], "title": "t", "content": "c" }""", "userIds[1]")]
    public void User_ids_as_in_a_batch(string json, string field) => AssertOnlyError(Read(json), field);

    [Fact]
    public void User_id_count_bounds()
    {
        static string Body(int n) => $$"""{ "userIds": [{{string.Join(",", Enumerable.Range(0, n).Select(i => $"\"u{i}\""))}}], "title": "t", "content": "c" }""";
        Assert.True(Read(Body(10_000)).IsValid);
        AssertOnlyError(Read(Body(10_001)), "userIds");
    }

    [Fact]
    public void Root_must_be_an_object() => AssertOnlyError(Read("\"broadcast\""), "$");
}
