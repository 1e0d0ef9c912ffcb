using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class RetractRequestReaderTests
{
    private static ReadResult<RetractRequest> Read(string json) => RetractRequestReader.Read(Parse(json));

    [Fact]
    public void A_reference_id() =>
        Assert.Equal(new RetractRequest("m:1@x.y-z_" + new string('m', 118)), AssertValid(Read($$"""{ "messageId": "m:1@x.y-z_{{new string('m', 118)}}", "userId": 7 }""")));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "messageId": null }""")]
    [InlineData("""{ "messageId": "" }""")]
    [InlineData("""{ "messageId": "m 1" }""")]
    [InlineData("""{ "messageId": 1 }""")]
    [InlineData("""{ "messageId": "\ud800" }""")]
    [InlineData("""{ "messageId": "a", "messageId": "b" }""")]
    public void Anything_else_is_an_error_on_message_id(string json) => AssertOnlyError(Read(json), "messageId");

    [Fact]
    public void A_message_id_of_129_characters_is_refused() =>
        AssertOnlyError(Read($$"""{ "messageId": "{{new string('m', 129)}}" }"""), "messageId");

    [Fact]
    public void The_body_must_be_an_object() => AssertOnlyError(Read("\"m1\""), "$");
}
