using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Notifications.Grains.Domain;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Tests.Telemetry;

public sealed class RedactingConsoleFormatterTests
{
    [Fact]
    public void User_ids_inside_grain_ids_are_hashed()
    {
        var text = "Response did not arrive for [S127.0.0.1:11111:1 userinbox/alice@6f1e] and mentionlimiter/bob/alice; user counts stay";

        var redacted = LogRedaction.Redact(text);

        Assert.Equal(
            $"Response did not arrive for [S127.0.0.1:11111:1 userinbox/#{UserIdHash.Of("alice")}@6f1e] and mentionlimiter/#{UserIdHash.Of("bob/alice")}; user counts stay",
            redacted);
        Assert.DoesNotContain("alice", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Producer_quota_keys_are_hashed_like_inbox_keys() =>
        Assert.Equal(
            $"Looking up address for grain producerquota/#{UserIdHash.Of("chat-backend")} for message Request",
            LogRedaction.Redact("Looking up address for grain producerquota/chat-backend for message Request"));

    [Fact]
    public void Access_token_query_values_are_redacted_whatever_they_hold_and_the_rest_of_the_url_stays()
    {
        var text = "Request starting HTTP/1.1 GET http://127.0.0.1:5000/hubs/notifications?access_token=not-even-a.jwt&id=C6KG - - -";

        Assert.Equal("Request starting HTTP/1.1 GET http://127.0.0.1:5000/hubs/notifications?access_token=[redacted]&id=C6KG - - -", LogRedaction.Redact(text));
        Assert.Equal("?id=1&Access_Token=[redacted]", LogRedaction.Redact("?id=1&Access_Token=abc"));
        Assert.Equal("?my_access_token=abc", LogRedaction.Redact("?my_access_token=abc"));
    }

    [Fact]
    public void A_jwt_is_redacted_wherever_it_appears()
    {
        const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.x0NXQMIhQtuuXQIGlxkQi9zN7mBMqQ6L6R9z1KehIeI";

        Assert.Equal("IDX10223: token '[redacted]' expired.", LogRedaction.Redact($"IDX10223: token '{Jwt}' expired."));
        Assert.Equal("Authorization: Bearer [redacted]", LogRedaction.Redact($"Authorization: Bearer {Jwt}"));
        Assert.Equal("unsigned [redacted] too", LogRedaction.Redact("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9. too"));
    }

    [Fact]
    public void Text_with_nothing_to_redact_is_returned_as_is()
    {
        var text = "Request finished HTTP/1.1 GET http://127.0.0.1:5000/api/notifications?limit=20 - 200";

        Assert.Same(text, LogRedaction.Redact(text));
    }

    [Fact]
    public void Messages_and_exceptions_are_written_redacted()
    {
        var formatter = new RedactingConsoleFormatter(new StaticOptions(new ConsoleFormatterOptions()));
        using var output = new StringWriter();
        var entry = new LogEntry<string>(
            LogLevel.Warning, "Orleans.Grain", new EventId(7), "activating userinbox/carol failed", new InvalidOperationException("userinbox/carol is gone"), (s, _) => s);

        formatter.Write(entry, null, output);

        var written = output.ToString();
        Assert.StartsWith("warn: Orleans.Grain[7]", written, StringComparison.Ordinal);
        Assert.Contains($"userinbox/#{UserIdHash.Of("carol")}", written, StringComparison.Ordinal);
        Assert.DoesNotContain("carol", written, StringComparison.Ordinal);
    }

    private sealed class StaticOptions(ConsoleFormatterOptions value) : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue => value;

        public ConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}
