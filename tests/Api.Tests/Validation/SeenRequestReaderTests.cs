using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class SeenRequestReaderTests
{
    private static ReadResult<SeenRequest> Read(string json) => SeenRequestReader.Read(Parse(json));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("42", 42)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Up_to_seq_is_an_integer_from_0_to_2_to_the_63_minus_1(string raw, long expected) =>
        Assert.Equal(new SeenRequest(expected), AssertValid(Read($$"""{ "upToSeq": {{raw}}, "other": "ignored" }""")));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "upToSeq": null }""")]
    [InlineData("""{ "upToSeq": -1 }""")]
    [InlineData("""{ "upToSeq": -0 }""")]
    [InlineData("""{ "upToSeq": 1.0 }""")]
    [InlineData("""{ "upToSeq": 0.5 }""")]
    [InlineData("""{ "upToSeq": 1e3 }""")]
    [InlineData("""{ "upToSeq": 10E-1 }""")]
    [InlineData("""{ "upToSeq": 9223372036854775808 }""")]
    [InlineData("""{ "upToSeq": "5" }""")]
    [InlineData("""{ "upToSeq": false }""")]
    [InlineData("""{ "upToSeq": [5] }""")]
    [InlineData("""{ "upToSeq": 5, "upToSeq": 5 }""")]
    [InlineData("""{ "UpToSeq": 5 }""")]
    public void Anything_else_is_an_error_on_up_to_seq(string json) => AssertOnlyError(Read(json), "upToSeq");

    [Theory]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("null")]
    public void The_body_must_be_an_object(string json) => AssertOnlyError(Read(json), "$");
}
