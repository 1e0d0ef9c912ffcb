using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class SnoozeRequestReaderTests
{
    private static ReadResult<SnoozeRequest> Read(string json) => SnoozeRequestReader.Read(Parse(json), Now);

    private static ReadResult<SnoozeRequest> Until(string value) => Read($$"""{ "until": {{Str(value)}} }""");

    [Theory]
    [InlineData("2026-11-24T10:00:00.001Z", "2026-11-24T10:00:00.001Z")]
    [InlineData("2026-12-24T10:00:00Z", "2026-12-24T10:00:00Z")]
    [InlineData("2026-12-24T12:00:00+02:00", "2026-12-24T10:00:00Z")]
    [InlineData("2026-11-24T05:00:00.0019999-05:00", "2026-11-24T10:00:00.001Z")]
    [InlineData("2026-11-25t10:00:00.1239z", "2026-11-25T10:00:00.123Z")]
    public void Until_is_after_now_and_at_most_30_days_ahead_in_utc_to_the_millisecond(string value, string expected)
    {
        var until = AssertValid(Until(value)).Until;
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), until);
        Assert.Equal(TimeSpan.Zero, until.Offset);
    }

    [Theory]
    [InlineData("2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T10:00:00.0009Z")]
    [InlineData("2026-11-24T09:59:59.999Z")]
    [InlineData("2020-01-01T00:00:00Z")]
    [InlineData("2026-12-24T10:00:00.001Z")]
    [InlineData("2026-12-24T11:00:00+00:59")]
    [InlineData("2027-01-01T00:00:00Z")]
    [InlineData("2026-11-25T10:00:00")]
    [InlineData("2026-11-25")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void Anything_else_is_an_error_on_until(string value) => AssertOnlyError(Until(value), "until");

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "until": null }""")]
    [InlineData("""{ "until": 1795600000 }""")]
    [InlineData("""{ "until": "\ud800" }""")]
    public void Until_is_a_required_string(string json) => AssertOnlyError(Read(json), "until");

    [Fact]
    public void The_body_must_be_an_object() => AssertOnlyError(Read("[]"), "$");
}
