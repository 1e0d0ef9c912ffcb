using System.Diagnostics;
using Notifications.Grains.Domain;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Tests.Telemetry;

public sealed class RedactingSpanProcessorTests
{
    [Fact]
    public void Display_name_string_tags_and_status_are_redacted_and_everything_else_kept()
    {
        using var span = new Activity("Orleans grain call").SetIdFormat(ActivityIdFormat.W3C);
        span.DisplayName = "IUserInboxGrain/CreateAsync userinbox/alice";
        span.SetTag("orleans.rpc.target_id", "userinbox/alice");
        span.SetTag("orleans.rpc.source_id", "sys.client/hosted-127.0.0.1:30000@1");
        span.SetTag("url.query", "?access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln");
        span.SetTag("exception.message", "Response did not arrive on time for userinbox/alice");
        span.SetTag("notifications.events", 3);
        span.SetStatus(ActivityStatusCode.Error, "mentionlimiter/bob/alice is unavailable");

        new RedactingSpanProcessor().OnEnd(span);

        var hashed = $"userinbox/#{UserIdHash.Of("alice")}";
        Assert.Equal($"IUserInboxGrain/CreateAsync {hashed}", span.DisplayName);
        Assert.Equal(hashed, span.GetTagItem("orleans.rpc.target_id"));
        Assert.Equal("sys.client/hosted-127.0.0.1:30000@1", span.GetTagItem("orleans.rpc.source_id"));
        Assert.Equal("?access_token=[redacted]", span.GetTagItem("url.query"));
        Assert.Equal($"Response did not arrive on time for {hashed}", span.GetTagItem("exception.message"));
        Assert.Equal(3, span.GetTagItem("notifications.events"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal($"mentionlimiter/#{UserIdHash.Of("bob/alice")} is unavailable", span.StatusDescription);
        Assert.Equal(5, span.TagObjects.Count());
    }
}
