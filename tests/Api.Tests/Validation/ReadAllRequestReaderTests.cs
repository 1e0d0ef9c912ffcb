using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class ReadAllRequestReaderTests
{
    [Fact]
    public void No_body_is_no_filter() => Assert.Equal(ReadAllFilter.None, AssertValid(ReadAllRequestReader.Read(null)));

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{ "type": null, "conversationId": null, "other": 1 }""")]
    public void Empty_filter(string json) => Assert.Equal(ReadAllFilter.None, AssertValid(ReadAllRequestReader.Read(Parse(json))));

    [Fact]
    public void Both_filters() =>
        Assert.Equal(
            new ReadAllFilter(NotificationType.MessageReaction, "c:1"),
            AssertValid(ReadAllRequestReader.Read(Parse("""{ "type": "message_reaction", "conversationId": "c:1" }"""))));

    [Theory]
    [InlineData("""{ "type": "" }""", "type")]
    [InlineData("""{ "type": "all" }""", "type")]
    [InlineData("""{ "type": 3 }""", "type")]
    [InlineData("""{ "conversationId": "" }""", "conversationId")]
    [InlineData("""{ "conversationId": "c 1" }""", "conversationId")]
    [InlineData("""{ "conversationId": 1 }""", "conversationId")]
    [InlineData("""{ "conversationId": "\ud800" }""", "conversationId")]
    [InlineData("[]", "$")]
    [InlineData("\"\"", "$")]
    [InlineData("true", "$")]
    public void Invalid_filters(string json, string field) => AssertOnlyError(ReadAllRequestReader.Read(Parse(json)), field);

    [Fact]
    public void Conversation_id_length()
    {
        Assert.True(ReadAllRequestReader.Read(Parse($$"""{ "conversationId": "{{new string('c', 128)}}" }""")).IsValid);
        AssertOnlyError(ReadAllRequestReader.Read(Parse($$"""{ "conversationId": "{{new string('c', 129)}}" }""")), "conversationId");
    }
}
