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

    [Theory]
    [InlineData("""{ "upToSeq": 0 }""", 0L)]
    [InlineData("""{ "upToSeq": 9223372036854775807, "type": null }""", long.MaxValue)]
    [InlineData("""{ "upToSeq": null }""", null)]
    public void Up_to_seq_is_optional_and_null_is_absent(string json, long? expected) =>
        Assert.Equal(new ReadAllFilter(null, null, expected), AssertValid(ReadAllRequestReader.Read(Parse(json))));

    [Theory]
    [InlineData("""{ "upToSeq": -1 }""")]
    [InlineData("""{ "upToSeq": -0 }""")]
    [InlineData("""{ "upToSeq": 2.0 }""")]
    [InlineData("""{ "upToSeq": 2e1 }""")]
    [InlineData("""{ "upToSeq": "2" }""")]
    [InlineData("""{ "upToSeq": 9223372036854775808 }""")]
    public void Up_to_seq_must_be_a_plain_integer_of_zero_or_more(string json) => AssertOnlyError(ReadAllRequestReader.Read(Parse(json)), "upToSeq");
}
